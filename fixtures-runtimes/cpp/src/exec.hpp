// Runs a program (fork/execvp) with the fixture's environment, stdin on /dev/null, stdout/stderr
// captured through pipes (at most kMaxCapture bytes each kept), and a deadline after which the
// child's whole process group is killed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tck::exec {

constexpr std::size_t kMaxCapture = 64 * 1024;

struct Outcome {
    bool started = false;  // false: the program could not be run (error says why)
    bool timedOut = false;
    bool exited = false;   // true: exitCode is valid; false after start: termSignal is valid
    int exitCode = 0;
    int termSignal = 0;
    std::string out;
    std::string err;
    std::string error;
};

Outcome run(const std::string& program, const std::vector<std::string>& args, std::int64_t timeoutMs);

}  // namespace tck::exec
