// Monotonic milliseconds and deadlines (every wait in the fixture has one, except the long-poll /next).
#pragma once

#include <cstdint>

namespace tck {

constexpr std::int64_t kNoDeadline = -1;

std::int64_t nowMs();
std::int64_t deadlineIn(std::int64_t ms);
// Milliseconds left until the deadline for poll(2): -1 (infinite) for kNoDeadline, never below 0.
int pollTimeout(std::int64_t deadline);
void sleepMs(std::int64_t ms);

}  // namespace tck
