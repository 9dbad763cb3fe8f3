#include "runtime_api.hpp"

#include <unistd.h>

#include <algorithm>

#include "clock.hpp"
#include "fixture.hpp"

namespace tck {

namespace {
constexpr std::int64_t kConnectTimeoutMs = 10000;
constexpr std::size_t kInlineBodyMax = 64 * 1024;
const char* const kNextPath = "/2018-06-01/runtime/invocation/next";
const char* const kAcceptedBody = "{\"status\":\"OK\"}";

[[noreturn]] void exitClosed(const std::string& what) {
    diagLine("the platform closed the kept-alive connection (" + what + "); exiting (fault no-reconnect)");
    _exit(1);
}
}  // namespace

RuntimeApi::RuntimeApi(http::Endpoint endpoint, std::string apiText, Transport transport)
    : endpoint_(std::move(endpoint)), apiText_(std::move(apiText)), transport_(std::move(transport)) {
    hostHeader_ = endpoint_.host.find(':') != std::string::npos ? "[" + endpoint_.host + "]:" + endpoint_.port
                                                                 : endpoint_.host + ":" + endpoint_.port;
    if (!transport_.hostOverride.empty()) hostHeader_ = transport_.hostOverride;
}

http::Headers RuntimeApi::baseHeaders() const {
    http::Headers h;
    h.emplace_back("Host", hostHeader_);
    if (!transport_.userAgent.empty()) h.emplace_back("User-Agent", transport_.userAgent);
    return h;
}

std::string RuntimeApi::target(const std::string& path) const {
    return transport_.viaProxy ? "http://" + apiText_ + path : path;
}

bool RuntimeApi::openNew(http::Connection& conn, std::int64_t deadline, std::string& err) const {
    const std::int64_t connectDeadline =
        deadline == kNoDeadline ? deadlineIn(kConnectTimeoutMs) : std::min(deadline, deadlineIn(kConnectTimeoutMs));
    return conn.open(connectTo(), connectDeadline, err);
}

bool RuntimeApi::acquire(http::Connection& conn, bool allowKept, std::int64_t deadline, bool& reused,
                         std::string& err) {
    reused = false;
    if (allowKept && idle_.isOpen()) {
        if (!idle_.stale()) {
            conn = std::move(idle_);
            reused = true;
            return true;
        }
        if (transport_.noReconnect) exitClosed("seen before the next request");
    }
    idle_.close();
    return openNew(conn, deadline, err);
}

void RuntimeApi::checkAnswer(const Outcome& o, Use use) const {
    if (!transport_.strict202 || use == Use::Fresh || !o.ok || o.response.status != 202) return;
    if (o.response.body != kAcceptedBody) {
        diagLine("a 202 answer's body is not {\"status\":\"OK\"}; exiting (fault strict-202-body)");
        _exit(1);
    }
}

RuntimeApi::Outcome RuntimeApi::exchange(const std::string& method, const std::string& path,
                                         const http::Headers& headers, const BodyWriter& writeBody,
                                         std::int64_t deadline, Use use, const std::string& inlineBody) {
    http::Connection conn;
    bool reused = false;
    {
        Outcome o;
        if (!acquire(conn, use != Use::Fresh, deadline, reused, o.error)) return o;
    }
    const std::uint64_t receivedBefore = conn.receivedBytes();
    Outcome o = attempt(conn, method, path, headers, writeBody, deadline, use, inlineBody);
    // The server may close a kept-alive connection between our staleness check and our request; when not
    // a byte came back (and the wait did not simply run out), the request never reached it, so it goes once
    // more on a new connection.
    const bool timedOut = deadline != kNoDeadline && nowMs() >= deadline;
    if (!o.ok && reused && use == Use::Kept && conn.receivedBytes() == receivedBefore && !timedOut) {
        if (transport_.noReconnect) exitClosed(o.error);
        conn.close();
        Outcome retry;
        if (!openNew(conn, deadline, retry.error)) return retry;
        o = attempt(conn, method, path, headers, writeBody, deadline, use, inlineBody);
    } else if (!o.ok && reused && transport_.noReconnect && conn.receivedBytes() == receivedBefore && !timedOut) {
        exitClosed(o.error);
    }
    checkAnswer(o, use);
    return o;
}

RuntimeApi::Outcome RuntimeApi::attempt(http::Connection& conn, const std::string& method, const std::string& path,
                                        const http::Headers& headers, const BodyWriter& writeBody,
                                        std::int64_t deadline, Use use, const std::string& inlineBody) {
    Outcome o;
    std::string err;
    bool written = conn.write(http::requestHead(method, target(path), headers) + inlineBody, deadline, err);
    if (written && writeBody) written = writeBody(conn, err);
    o.sent = written;
    if (!written && !conn.peerAnswered()) {
        o.error = err;
        return o;
    }
    std::string readErr;
    if (!conn.readResponse(o.response, deadline, readErr, method == "HEAD")) {
        o.error = written ? readErr : err;
        return o;
    }
    o.ok = true;
    // An early answer leaves the request unfinished on the wire: such a connection is never reused.
    if (written && !o.response.close && use != Use::Fresh) idle_ = std::move(conn);
    return o;
}

RuntimeApi::Outcome RuntimeApi::exchangeThenShutdown(const std::string& path, const http::Headers& headers,
                                                     const BodyWriter& writeBody, std::int64_t writeDeadline,
                                                     std::int64_t answerWaitMs, const std::string& inlineBody) {
    Outcome o;
    http::Connection conn;
    bool reused = false;
    if (!acquire(conn, true, writeDeadline, reused, o.error)) return o;
    const std::uint64_t receivedBefore = conn.receivedBytes();
    std::string err;
    bool written = conn.write(http::requestHead("POST", target(path), headers) + inlineBody, writeDeadline, err);
    if (written && writeBody) written = writeBody(conn, err);
    o.sent = written;
    if (!written && !conn.peerAnswered()) {
        if (reused && transport_.noReconnect && conn.receivedBytes() == receivedBefore) exitClosed(err);
        o.error = err;
        return o;
    }
    conn.shutdownWrite();
    std::string readErr;
    o.ok = conn.readResponse(o.response, deadlineIn(answerWaitMs), readErr);
    if (!o.ok) o.error = written ? readErr : err;
    checkAnswer(o, Use::KeptNoReplay);
    return o;  // conn closes here: a half-closed connection is never reused
}

RuntimeApi::Outcome RuntimeApi::send(const std::string& method, const std::string& path,
                                     const http::Headers& headers, const std::string& body, std::int64_t deadline) {
    if (body.size() <= kInlineBodyMax) {
        return exchange(method, path, headers, BodyWriter(), deadline, Use::Kept, body);
    }
    const BodyWriter writer = [&body, deadline](http::Connection& c, std::string& err) {
        return c.write(body, deadline, err);
    };
    return exchange(method, path, headers, writer, deadline, Use::Kept);
}

bool RuntimeApi::startNext(http::Connection& conn, std::string& err) {
    if (!conn.open(connectTo(), deadlineIn(kConnectTimeoutMs), err)) return false;
    return conn.write(http::requestHead("GET", target(kNextPath), baseHeaders()), deadlineIn(kConnectTimeoutMs), err);
}

RuntimeApi::Outcome RuntimeApi::finishNext(http::Connection& conn) {
    Outcome o;
    if (!conn.isOpen()) {
        o.error = "no pending /next connection";
        return o;
    }
    o.ok = conn.readResponse(o.response, kNoDeadline, o.error);
    conn.close();
    return o;
}

}  // namespace tck
