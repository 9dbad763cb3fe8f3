#include "http.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "clock.hpp"
#include "resolve.hpp"

namespace tck::http {

namespace {

constexpr std::size_t kMaxHeaderBytes = 1 << 20;
constexpr std::size_t kMaxBodyBytes = 256u << 20;  // far above the 6 MB payload limit; bounds memory

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}

bool containsToken(const std::string& value, const std::string& token) {
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        if (equalsIgnoreCase(trim(value.substr(start, comma - start)), token)) return true;
        start = comma + 1;
    }
    return false;
}

}  // namespace

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

bool parseEndpoint(const std::string& text, Endpoint& out, std::string& err) {
    std::string host, port;
    if (!text.empty() && text[0] == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            err = "malformed AWS_LAMBDA_RUNTIME_API: " + text;
            return false;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string::npos) {
            host = text;
            port = "80";
        } else {
            host = text.substr(0, colon);
            port = text.substr(colon + 1);
        }
    }
    if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos) {
        err = "malformed AWS_LAMBDA_RUNTIME_API (want host:port): " + text;
        return false;
    }
    out.host = host;
    out.port = port;
    return true;
}

std::string Response::header(const std::string& name) const {
    std::string joined;
    bool any = false;
    for (const auto& h : headers) {
        if (!equalsIgnoreCase(h.first, name)) continue;
        if (any) joined += ", ";
        joined += h.second;
        any = true;
    }
    return joined;
}

bool Response::has(const std::string& name) const {
    for (const auto& h : headers) {
        if (equalsIgnoreCase(h.first, name)) return true;
    }
    return false;
}

std::string Response::headerExact(const std::string& name) const {
    std::string joined;
    bool any = false;
    for (const auto& h : headers) {
        if (h.first != name) continue;
        if (any) joined += ", ";
        joined += h.second;
        any = true;
    }
    return joined;
}

bool Response::hasExact(const std::string& name) const {
    for (const auto& h : headers) {
        if (h.first == name) return true;
    }
    return false;
}

std::string requestHead(const std::string& method, const std::string& target, const Headers& headers) {
    std::string head = method + " " + target + " HTTP/1.1\r\n";
    for (const auto& h : headers) head += h.first + ": " + h.second + "\r\n";
    head += "\r\n";
    return head;
}

std::string chunk(const std::string& data) {
    if (data.empty()) return std::string();
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string out(size);
    out += data;
    out += "\r\n";
    return out;
}

std::string lastChunk(const Headers& trailers) {
    std::string out = "0\r\n";
    for (const auto& t : trailers) out += t.first + ": " + t.second + "\r\n";
    out += "\r\n";
    return out;
}

Connection::~Connection() {
    close();
}

Connection::Connection(Connection&& other) noexcept {
    *this = std::move(other);
}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = other.fd_;
        peerAnswered_ = other.peerAnswered_;
        receivedBytes_ = other.receivedBytes_;
        eof_ = other.eof_;
        buf_ = std::move(other.buf_);
        bufPos_ = other.bufPos_;
        other.fd_ = -1;
        other.buf_.clear();
        other.bufPos_ = 0;
    }
    return *this;
}

void Connection::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    peerAnswered_ = false;
    receivedBytes_ = 0;
    eof_ = false;
    buf_.clear();
    bufPos_ = 0;
}

void Connection::shutdownWrite() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

bool Connection::open(const Endpoint& ep, std::int64_t deadline, std::string& err) {
    close();
    std::vector<resolve::Address> addresses;
    if (!resolve::lookup(ep.host, static_cast<unsigned short>(std::atoi(ep.port.c_str())), addresses, err)) {
        return false;
    }
    err = "cannot connect to " + ep.host + ":" + ep.port;
    for (const auto& addr : addresses) {
        const int fd = ::socket(addr.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) continue;
        int ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr.addr), addr.len) == 0 ? 0 : errno;
        if (ok == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            int n;
            while ((n = ::poll(&p, 1, pollTimeout(deadline))) < 0 && errno == EINTR) {
            }
            if (n == 0) {
                ok = ETIMEDOUT;
            } else {
                socklen_t len = sizeof ok;
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &ok, &len) != 0) ok = errno;
            }
        }
        if (ok != 0) {
            err = "cannot connect to " + ep.host + ":" + ep.port + ": " + std::strerror(ok);
            ::close(fd);
            continue;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fd_ = fd;
        break;
    }
    return fd_ >= 0;
}

bool Connection::stale() const {
    if (fd_ < 0 || eof_ || bufPos_ < buf_.size()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) != 0;  // readable while idle means EOF, junk or an error
}

bool Connection::write(const std::string& data, std::int64_t deadline, std::string& err) {
    std::size_t off = 0;
    while (off < data.size()) {
        pollfd p{fd_, POLLOUT | POLLIN, 0};
        const int n = ::poll(&p, 1, pollTimeout(deadline));
        if (n < 0) {
            if (errno == EINTR) continue;
            err = std::string("poll failed: ") + std::strerror(errno);
            return false;
        }
        if (n == 0) {
            err = "timed out sending the request";
            return false;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            peerAnswered_ = true;
            err = "the server answered or closed the connection before the request was complete";
            return false;
        }
        const ssize_t w = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            err = std::string("send failed: ") + std::strerror(errno);
            peerAnswered_ = true;  // a reset may still have left an answer to read
            return false;
        }
        off += static_cast<std::size_t>(w);
    }
    return true;
}

bool Connection::fill(std::int64_t deadline, std::string& err) {
    if (bufPos_ > 0 && bufPos_ == buf_.size()) {
        buf_.clear();
        bufPos_ = 0;
    }
    char tmp[65536];
    for (;;) {
        if (eof_) {
            err = "connection closed by the server";
            return false;
        }
        const ssize_t r = ::recv(fd_, tmp, sizeof tmp, 0);
        if (r > 0) {
            receivedBytes_ += static_cast<std::uint64_t>(r);
            buf_.append(tmp, static_cast<std::size_t>(r));
            return true;
        }
        if (r == 0) {
            eof_ = true;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            err = std::string("receive failed: ") + std::strerror(errno);
            return false;
        }
        pollfd p{fd_, POLLIN, 0};
        const int n = ::poll(&p, 1, pollTimeout(deadline));
        if (n < 0 && errno != EINTR) {
            err = std::string("poll failed: ") + std::strerror(errno);
            return false;
        }
        if (n == 0) {
            err = "timed out waiting for the response";
            return false;
        }
    }
}

bool Connection::readLine(std::string& line, std::int64_t deadline, std::string& err) {
    for (;;) {
        const std::size_t nl = buf_.find('\n', bufPos_);
        if (nl != std::string::npos) {
            line.assign(buf_, bufPos_, nl - bufPos_);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            bufPos_ = nl + 1;
            return true;
        }
        if (buf_.size() - bufPos_ > kMaxHeaderBytes) {
            err = "response line too long";
            return false;
        }
        if (!fill(deadline, err)) return false;
    }
}

bool Connection::readExactly(std::size_t n, std::string& out, std::int64_t deadline, std::string& err) {
    while (buf_.size() - bufPos_ < n) {
        // Move what we have out first so the buffer does not grow twice for large bodies.
        const std::size_t have = buf_.size() - bufPos_;
        out.append(buf_, bufPos_, have);
        n -= have;
        buf_.clear();
        bufPos_ = 0;
        if (!fill(deadline, err)) return false;
    }
    out.append(buf_, bufPos_, n);
    bufPos_ += n;
    return true;
}

bool Connection::readResponse(Response& out, std::int64_t deadline, std::string& err, bool headRequest) {
    out = Response();
    std::string line;
    for (;;) {
        if (!readLine(line, deadline, err)) return false;
        if (line.empty()) continue;  // tolerate stray CRLF before the status line
        // "HTTP/1.1 202 Accepted"
        if (line.compare(0, 5, "HTTP/") != 0 || line.size() < 12) {
            err = "malformed status line: " + line.substr(0, 80);
            return false;
        }
        const bool http10 = line.compare(0, 8, "HTTP/1.0") == 0;
        out.status = std::atoi(line.c_str() + 9);
        out.headers.clear();
        std::size_t headerBytes = 0;
        for (;;) {
            if (!readLine(line, deadline, err)) return false;
            if (line.empty()) break;
            headerBytes += line.size();
            if (headerBytes > kMaxHeaderBytes) {
                err = "response headers too large";
                return false;
            }
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            out.headers.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
        }
        if (out.status >= 100 && out.status < 200 && out.status != 101) continue;  // interim answer
        const std::string connection = out.header("Connection");
        out.close = containsToken(connection, "close") || (http10 && !containsToken(connection, "keep-alive"));
        break;
    }
    if (headRequest || out.status == 204 || out.status == 304 || (out.status >= 100 && out.status < 200)) {
        return true;
    }
    if (containsToken(out.header("Transfer-Encoding"), "chunked")) {
        for (;;) {
            if (!readLine(line, deadline, err)) return false;
            const std::size_t size = std::strtoul(line.c_str(), nullptr, 16);
            if (size == 0) {
                // Trailers (ignored) up to the empty line.
                do {
                    if (!readLine(line, deadline, err)) return false;
                } while (!line.empty());
                return true;
            }
            if (out.body.size() + size > kMaxBodyBytes) {
                err = "response body too large";
                return false;
            }
            if (!readExactly(size, out.body, deadline, err)) return false;
            if (!readLine(line, deadline, err)) return false;  // CRLF after the chunk data
        }
    }
    if (out.has("Content-Length")) {
        const std::string cl = out.header("Content-Length");
        char* end = nullptr;
        const unsigned long long n = std::strtoull(cl.c_str(), &end, 10);
        if (cl.empty() || end == nullptr || *end != '\0' || n > kMaxBodyBytes) {
            err = "bad Content-Length: " + cl;
            return false;
        }
        out.body.reserve(static_cast<std::size_t>(n));
        return readExactly(static_cast<std::size_t>(n), out.body, deadline, err);
    }
    // No framing: the body runs to the end of the connection.
    out.close = true;
    for (;;) {
        out.body.append(buf_, bufPos_, std::string::npos);
        buf_.clear();
        bufPos_ = 0;
        if (out.body.size() > kMaxBodyBytes) {
            err = "response body too large";
            return false;
        }
        std::string ignored;
        if (!fill(deadline, ignored)) return eof_;
    }
}

}  // namespace tck::http
