#include <unistd.h>

#include <cerrno>
#include <string>

#include "fixture.hpp"

namespace tck {

void writeFully(int fd, const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
        const ssize_t w = ::write(fd, data.data() + off, data.size() - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;  // nowhere left to report it
        }
        off += static_cast<std::size_t>(w);
    }
}

void logLine(const std::string& text) {
    writeFully(STDERR_FILENO, std::string("tck-fixture ") + kFixtureName + " " + text + "\n");
}

void diagLine(const std::string& text) {
    writeFully(STDERR_FILENO, std::string("tck-fixture ") + kFixtureName + ": " + text + "\n");
}

}  // namespace tck
