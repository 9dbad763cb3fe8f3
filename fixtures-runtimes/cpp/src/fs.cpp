#include "fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sha256.hpp"

namespace tck::fs {

namespace {

// Hashes the whole file; `head` receives up to maxHead bytes of it.
bool hashFile(const std::string& path, bool follow, std::string& hex, std::uint64_t& size, std::string* head,
              std::uint64_t maxHead, std::string& err) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        err = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    Sha256 sha;
    size = 0;
    std::vector<char> buf(1 << 16);
    for (;;) {
        const ssize_t r = ::read(fd, buf.data(), buf.size());
        if (r < 0) {
            if (errno == EINTR) continue;
            err = "cannot read " + path + ": " + std::strerror(errno);
            ::close(fd);
            return false;
        }
        if (r == 0) break;
        sha.update(buf.data(), static_cast<std::size_t>(r));
        if (head != nullptr && head->size() < maxHead) {
            const std::uint64_t room = maxHead - head->size();
            head->append(buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(room, static_cast<std::uint64_t>(r))));
        }
        size += static_cast<std::uint64_t>(r);
    }
    ::close(fd);
    hex = sha.hexDigest();
    return true;
}

Entry describe(const std::string& path, const struct stat& st) {
    Entry e;
    e.path = path;
    e.mode = st.st_mode & 07777;
    if (S_ISREG(st.st_mode)) {
        e.type = "file";
        e.isFile = true;
        e.size = static_cast<std::uint64_t>(st.st_size);
        std::uint64_t hashed = 0;
        std::string ignored;
        e.hasSha = hashFile(path, false, e.sha256, hashed, nullptr, 0, ignored);
    } else if (S_ISDIR(st.st_mode)) {
        e.type = "dir";
    } else if (S_ISLNK(st.st_mode)) {
        e.type = "symlink";
        std::vector<char> buf(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 255) + 1);
        for (;;) {
            const ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
            if (n < 0) break;
            if (static_cast<std::size_t>(n) < buf.size()) {
                e.hasTarget = true;
                e.target.assign(buf.data(), static_cast<std::size_t>(n));
                break;
            }
            buf.resize(buf.size() * 2);  // the link changed size under us
        }
    } else {
        e.type = "other";
    }
    return e;
}

std::string join(const std::string& dir, const std::string& name) {
    if (!dir.empty() && dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

void walk(const std::string& dir, bool recursive, std::vector<Entry>& out) {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return;  // unreadable directories are listed without children
    std::vector<std::string> names;
    while (dirent* de = ::readdir(d)) {
        const std::string name = de->d_name;
        if (name == "." || name == "..") continue;
        names.push_back(name);
    }
    ::closedir(d);
    for (const auto& name : names) {
        const std::string path = join(dir, name);
        struct stat st;
        if (::lstat(path.c_str(), &st) != 0) continue;  // vanished meanwhile
        out.push_back(describe(path, st));
        if (recursive && S_ISDIR(st.st_mode)) walk(path, recursive, out);
    }
}

}  // namespace

std::string octalMode(unsigned mode) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
    return buf;
}

Listing list(const std::string& root, bool recursive) {
    Listing l;
    struct stat st;
    if (::lstat(root.c_str(), &st) != 0) {
        if (errno != ENOENT) l.error = "cannot stat " + root + ": " + std::strerror(errno);
        return l;
    }
    l.exists = true;
    l.entries.push_back(describe(root, st));
    if (S_ISDIR(st.st_mode)) walk(root, recursive, l.entries);
    // The root is a prefix of every other path, so it stays first.
    std::sort(l.entries.begin(), l.entries.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
    return l;
}

FileRead read(const std::string& path, std::uint64_t maxBytes) {
    FileRead r;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) r.error = "cannot stat " + path + ": " + std::strerror(errno);
        return r;
    }
    r.exists = true;
    if (S_ISDIR(st.st_mode)) {
        r.error = path + " is a directory";
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        r.error = path + " is not a regular file";  // a FIFO or device could block or never end
        return r;
    }
    std::string err;
    // read follows symbolic links (it reads "a file"); only list must not follow them.
    if (!hashFile(path, true, r.sha256, r.size, &r.head, maxBytes, err)) r.error = err;
    return r;
}

}  // namespace tck::fs
