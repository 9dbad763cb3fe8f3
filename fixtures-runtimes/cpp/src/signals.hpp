// Signal set-up: SIGTERM announces itself and exits 0 (protocol §4); SIGPIPE is ignored so a closed
// socket is an error code, not a death. Children get default dispositions back (see exec.cpp).
#pragma once

#include <sys/types.h>

#include <string>

#include "resolve.hpp"

namespace tck::signals {

void install(bool ignoreSigterm);
// Fault post-on-sigterm: the SIGTERM handler first sends `request` (a complete HTTP request with
// Connection: close) to `to` and waits briefly for the answer. Prepared here because a handler may only make
// async-signal-safe calls.
void armSigtermPost(const resolve::Address& to, std::string request);
// Workers: from now on SIGTERM is forwarded to these processes (the parent then waits for them).
void forwardSigtermTo(const pid_t* pids, int count);
// A reaped worker: its pid may be reused, so it gets no more signals.
void forgetWorker(pid_t pid);
// "TERM" -> SIGTERM etc. (the names the protocol uses); 0 when unknown.
int fromName(const std::string& name);
// SIGKILL -> "KILL"; unknown numbers as their decimal text.
std::string name(int sig);
// Sends `sig` to this process, with the default action for signals the fixture does not handle itself.
void raiseSelf(int sig);

}  // namespace tck::signals
