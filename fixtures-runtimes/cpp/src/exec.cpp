#include "exec.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "clock.hpp"

namespace tck::exec {

namespace {

[[noreturn]] void childExec(const std::string& program, const std::vector<std::string>& args, int outFd, int errFd,
                            int statusFd) {
    setpgid(0, 0);  // own group, so a timeout kills grandchildren too
    // Ignored signals survive exec: give the child the defaults back.
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devNull >= 0) dup2(devNull, STDIN_FILENO);
    dup2(outFd, STDOUT_FILENO);
    dup2(errFd, STDERR_FILENO);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(program.c_str(), argv.data());
    const int e = errno;
    ssize_t ignored = ::write(statusFd, &e, sizeof e);
    (void)ignored;
    _exit(127);
}

void drain(int& fd, std::string& into) {
    char buf[16384];
    for (;;) {
        const ssize_t r = ::read(fd, buf, sizeof buf);
        if (r > 0) {
            const std::size_t room = into.size() < kMaxCapture ? kMaxCapture - into.size() : 0;
            into.append(buf, static_cast<std::size_t>(r) < room ? static_cast<std::size_t>(r) : room);
            continue;  // keep reading past the cap so the child never blocks on a full pipe
        }
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        ::close(fd);  // EOF or error
        fd = -1;
        return;
    }
}

}  // namespace

Outcome run(const std::string& program, const std::vector<std::string>& args, std::int64_t timeoutMs) {
    Outcome o;
    int outPipe[2], errPipe[2], statusPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0) {
        o.error = std::string("pipe failed: ") + std::strerror(errno);
        return o;
    }
    if (pipe2(errPipe, O_CLOEXEC) != 0) {
        o.error = std::string("pipe failed: ") + std::strerror(errno);
        ::close(outPipe[0]);
        ::close(outPipe[1]);
        return o;
    }
    if (pipe2(statusPipe, O_CLOEXEC) != 0) {
        o.error = std::string("pipe failed: ") + std::strerror(errno);
        for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1]}) ::close(fd);
        return o;
    }
    const std::int64_t deadline = deadlineIn(timeoutMs);
    const pid_t pid = fork();
    if (pid < 0) {
        o.error = std::string("fork failed: ") + std::strerror(errno);
        for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1], statusPipe[0], statusPipe[1]}) ::close(fd);
        return o;
    }
    if (pid == 0) childExec(program, args, outPipe[1], errPipe[1], statusPipe[1]);
    setpgid(pid, pid);  // also from the parent, so the group exists before any kill
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    ::close(statusPipe[1]);

    // exec succeeded exactly when the close-on-exec status pipe closes without data.
    int childErrno = 0;
    ssize_t r;
    while ((r = ::read(statusPipe[0], &childErrno, sizeof childErrno)) < 0 && errno == EINTR) {
    }
    ::close(statusPipe[0]);
    if (r == static_cast<ssize_t>(sizeof childErrno)) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        ::close(outPipe[0]);
        ::close(errPipe[0]);
        o.error = "cannot run " + program + ": " + std::strerror(childErrno);
        return o;
    }
    o.started = true;

    int fds[2] = {outPipe[0], errPipe[0]};
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    bool reaped = false;
    int status = 0;
    std::int64_t reapedAt = 0;
    for (;;) {
        if (!reaped) {
            const pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) {
                reaped = true;
                reapedAt = nowMs();
            }
        }
        const bool pipesOpen = fds[0] >= 0 || fds[1] >= 0;
        if (reaped && !pipesOpen) break;
        // A background grandchild may keep the pipes open: stop waiting for them soon after the child exits.
        if (reaped && nowMs() - reapedAt > 100) break;
        if (!reaped && nowMs() >= deadline) {
            o.timedOut = true;
            ::kill(-pid, SIGKILL);
            ::kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            reaped = true;
            reapedAt = nowMs();
            continue;  // collect what is already in the pipes
        }
        if (pipesOpen) {
            pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
            int wait = pollTimeout(deadline);
            if (wait < 0 || wait > 20) wait = 20;  // also wakes up to reap the child
            if (reaped) wait = 10;
            const int n = ::poll(p, 2, wait);
            if (n < 0 && errno != EINTR) break;
            if (fds[0] >= 0 && (p[0].revents != 0)) drain(fds[0], o.out);
            if (fds[1] >= 0 && (p[1].revents != 0)) drain(fds[1], o.err);
        } else {
            sleepMs(1);
        }
    }
    if (fds[0] >= 0) {
        drain(fds[0], o.out);
        if (fds[0] >= 0) ::close(fds[0]);
    }
    if (fds[1] >= 0) {
        drain(fds[1], o.err);
        if (fds[1] >= 0) ::close(fds[1]);
    }
    if (WIFEXITED(status)) {
        o.exited = true;
        o.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        o.termSignal = WTERMSIG(status);
    }
    return o;
}

}  // namespace tck::exec
