#include "signals.hpp"

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace tck::signals {

namespace {

void onSigterm(int) {
    static const char msg[] = "tck-fixture cpp SIGTERM\n";
    // Only async-signal-safe calls here.
    ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(0);
}

struct Named {
    const char* name;
    int sig;
};

const Named kSignals[] = {{"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ILL", SIGILL},
                          {"TRAP", SIGTRAP}, {"ABRT", SIGABRT}, {"BUS", SIGBUS},   {"FPE", SIGFPE},
                          {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
                          {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
                          {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"XCPU", SIGXCPU},
                          {"XFSZ", SIGXFSZ}, {"SYS", SIGSYS}};

}  // namespace

void install(bool ignoreSigterm) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = ignoreSigterm ? SIG_IGN : onSigterm;
    sigaction(SIGTERM, &sa, nullptr);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, nullptr);
}

int fromName(const std::string& n) {
    std::string s = n;
    if (s.compare(0, 3, "SIG") == 0) s = s.substr(3);
    for (const auto& e : kSignals) {
        if (s == e.name) return e.sig;
    }
    return 0;
}

std::string name(int sig) {
    for (const auto& e : kSignals) {
        if (e.sig == sig) return e.name;
    }
    return std::to_string(sig);
}

void raiseSelf(int sig) {
    if (sig != SIGTERM) {
        // The protocol wants the real effect (core dump for SEGV/ABRT, death for INT).
        struct sigaction sa;
        std::memset(&sa, 0, sizeof sa);
        sigemptyset(&sa.sa_mask);
        sa.sa_handler = SIG_DFL;
        sigaction(sig, &sa, nullptr);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, nullptr);
    }
    ::kill(getpid(), sig);
}

}  // namespace tck::signals
