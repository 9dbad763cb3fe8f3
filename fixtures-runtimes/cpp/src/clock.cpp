#include "clock.hpp"

#include <cerrno>
#include <ctime>

namespace tck {

std::int64_t nowMs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

std::int64_t deadlineIn(std::int64_t ms) {
    return nowMs() + ms;
}

int pollTimeout(std::int64_t deadline) {
    if (deadline == kNoDeadline) return -1;
    const std::int64_t left = deadline - nowMs();
    if (left <= 0) return 0;
    return left > 1000000000 ? 1000000000 : static_cast<int>(left);
}

void sleepMs(std::int64_t ms) {
    if (ms <= 0) return;
    timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1000000)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

}  // namespace tck
