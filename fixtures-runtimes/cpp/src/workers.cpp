#include "workers.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "loop.hpp"
#include "signals.hpp"

namespace tck {

namespace {

constexpr long long kMaxWorkers = 256;

std::string describe(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "was killed by SIG" + signals::name(WTERMSIG(status));
    return "ended (status " + std::to_string(status) + ")";
}

[[noreturn]] void becomeWorker(Fixture& fx, pid_t parent, const sigset_t& previousMask) {
    // A worker must not outlive the parent (e.g. a SIGKILL to the parent alone).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    sigprocmask(SIG_SETMASK, &previousMask, nullptr);
    serveLoop(fx);
}

}  // namespace

int workerCount(bool extraWorker) {
    const char* env = std::getenv("AWS_LAMBDA_MAX_CONCURRENCY");
    if (env == nullptr || *env == '\0') return 0;
    const std::string text(env);
    long long n = 0;
    const bool digits = text.find_first_not_of("0123456789") == std::string::npos && text.size() <= 9;
    if (digits) n = std::atoll(text.c_str());
    if (!digits || n < 1) {
        diagLine("AWS_LAMBDA_MAX_CONCURRENCY=" + text + " is not a positive integer; serving one invocation at a time");
        return 0;
    }
    if (extraWorker) n += 1;  // fault extra-worker
    if (n <= 1) return 0;
    if (n > kMaxWorkers) {
        diagLine("AWS_LAMBDA_MAX_CONCURRENCY=" + text + ": running " + std::to_string(kMaxWorkers) + " workers at most");
        n = kMaxWorkers;
    }
    return static_cast<int>(n);
}

void runWorkers(Fixture& fx, int count) {
    fx.api.dropConnection();  // no socket shared between processes
    // SIGTERM waits until every worker is known, so none can be missed by the forwarding.
    sigset_t term, previous;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &previous);
    const pid_t parent = getpid();
    std::vector<pid_t> pids;
    for (int i = 0; i < count; ++i) {
        const pid_t pid = fork();
        if (pid == 0) becomeWorker(fx, parent, previous);
        if (pid < 0) {
            diagLine(std::string("fork failed: ") + std::strerror(errno));
            for (const pid_t p : pids) kill(p, SIGKILL);
            _exit(1);
        }
        pids.push_back(pid);
    }
    signals::forwardSigtermTo(pids.data(), static_cast<int>(pids.size()));
    sigprocmask(SIG_SETMASK, &previous, nullptr);

    std::size_t running = pids.size();
    while (running > 0) {
        int status = 0;
        const pid_t done = waitpid(-1, &status, 0);
        if (done < 0) {
            if (errno == EINTR) continue;
            break;  // ECHILD: nothing left to wait for
        }
        bool ours = false;
        for (pid_t& p : pids) {
            if (p == done) {
                p = 0;
                ours = true;
            }
        }
        if (!ours) continue;
        signals::forgetWorker(done);
        --running;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            diagLine("worker " + std::to_string(done) + " " + describe(status) + "; stopping the other workers");
            for (const pid_t p : pids) {
                if (p > 0) kill(p, SIGKILL);
            }
            for (const pid_t p : pids) {
                if (p > 0) {
                    while (waitpid(p, nullptr, 0) < 0 && errno == EINTR) {
                    }
                }
            }
            _exit(1);
        }
    }
    _exit(0);
}

}  // namespace tck
