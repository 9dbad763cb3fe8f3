#include "signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

namespace tck::signals {

namespace {

constexpr int kSigtermPostWaitMs = 2000;
constexpr int kMaxWorkers = 1024;

// Set before the handlers can run and never changed afterwards.
bool gPostArmed = false;
resolve::Address gPostTo;
std::string gPostRequest;
volatile pid_t gWorkers[kMaxWorkers];
volatile sig_atomic_t gWorkerCount = 0;

long long monotonicMs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

int msLeft(long long deadline) {
    const long long left = deadline - monotonicMs();
    return left > 0 ? static_cast<int>(left) : 0;
}

// Async-signal-safe: socket calls, poll and clock_gettime only.
void sendSigtermPost() {
    const long long deadline = monotonicMs() + kSigtermPostWaitMs;
    const int fd = ::socket(gPostTo.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&gPostTo.addr), gPostTo.len) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return;
    }
    std::size_t off = 0;
    const std::size_t size = gPostRequest.size();
    const char* data = gPostRequest.data();
    while (off < size) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, msLeft(deadline)) <= 0 || (p.revents & (POLLERR | POLLHUP))) {
            ::close(fd);
            return;
        }
        const ssize_t w = ::send(fd, data + off, size - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            ::close(fd);
            return;
        }
        off += static_cast<std::size_t>(w);
    }
    // The request says Connection: close, so the answer ends with the connection.
    char buf[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, msLeft(deadline)) <= 0) break;
        const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) break;
    }
    ::close(fd);
}

void onSigterm(int) {
    if (gPostArmed) sendSigtermPost();
    static const char msg[] = "tck-fixture cpp SIGTERM\n";
    // Only async-signal-safe calls here.
    ssize_t ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(0);
}

void forwardSigterm(int) {
    const int saved = errno;
    for (int i = 0; i < gWorkerCount; ++i) {
        if (gWorkers[i] > 0) ::kill(gWorkers[i], SIGTERM);  // never 0 or -1: those would reach other processes
    }
    errno = saved;
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

void setHandler(int sig, void (*handler)(int)) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = handler;
    sigaction(sig, &sa, nullptr);
}

}  // namespace

void install(bool ignoreSigterm) {
    setHandler(SIGTERM, ignoreSigterm ? SIG_IGN : onSigterm);
    setHandler(SIGPIPE, SIG_IGN);
}

void armSigtermPost(const resolve::Address& to, std::string request) {
    gPostTo = to;
    gPostRequest = std::move(request);
    gPostArmed = true;
}

void forwardSigtermTo(const pid_t* pids, int count) {
    if (count > kMaxWorkers) count = kMaxWorkers;
    for (int i = 0; i < count; ++i) gWorkers[i] = pids[i];
    gWorkerCount = count;
    setHandler(SIGTERM, forwardSigterm);
}

void forgetWorker(pid_t pid) {
    for (int i = 0; i < gWorkerCount; ++i) {
        if (gWorkers[i] == pid) gWorkers[i] = 0;
    }
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
