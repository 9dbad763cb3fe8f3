// Runs one script (protocol §1-§3): validates it, executes its steps in order, posts the result
// document when no step answered, and returns the document to be remembered for `recall`.
#pragma once

#include "fixture.hpp"
#include "json.hpp"

namespace tck {

bool isScript(const std::string& event);

// Returns the invocation's complete result document (including steps after the answer).
json::Value runScript(Fixture& fx, const Invocation& inv);

}  // namespace tck
