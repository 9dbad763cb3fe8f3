// Start-up (init behaviour, protocol §4) and the invocation loop.
#pragma once

#include "fixture.hpp"

namespace tck {

// Runs init, then serves invocations (itself, or in worker processes) until the process exits.
[[noreturn]] void serve(Fixture& fx);
// The invocation loop: one GET /next outstanding at a time (never returns).
[[noreturn]] void serveLoop(Fixture& fx);

}  // namespace tck
