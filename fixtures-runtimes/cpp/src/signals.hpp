// Signal set-up: SIGTERM announces itself and exits 0 (protocol §4); SIGPIPE is ignored so a closed
// socket is an error code, not a death. Children get default dispositions back (see exec.cpp).
#pragma once

#include <string>

namespace tck::signals {

void install(bool ignoreSigterm);
// "TERM" -> SIGTERM etc. (the names the protocol uses); 0 when unknown.
int fromName(const std::string& name);
// SIGKILL -> "KILL"; unknown numbers as their decimal text.
std::string name(int sig);
// Sends `sig` to this process, with the default action for signals the fixture does not handle itself.
void raiseSelf(int sig);

}  // namespace tck::signals
