// Start-up (init behaviour, protocol §4) and the invocation loop.
#pragma once

#include "fixture.hpp"

namespace tck {

// Runs init, then serves invocations until the process exits (never returns).
[[noreturn]] void serve(Fixture& fx);

}  // namespace tck
