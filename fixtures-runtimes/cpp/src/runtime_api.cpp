#include "runtime_api.hpp"

#include <algorithm>

#include "clock.hpp"

namespace tck {

namespace {
constexpr std::int64_t kConnectTimeoutMs = 10000;
constexpr std::size_t kInlineBodyMax = 64 * 1024;
const char* const kNextPath = "/2018-06-01/runtime/invocation/next";
}  // namespace

RuntimeApi::RuntimeApi(http::Endpoint endpoint, std::string userAgent)
    : endpoint_(std::move(endpoint)), userAgent_(std::move(userAgent)) {
    hostHeader_ = endpoint_.host.find(':') != std::string::npos ? "[" + endpoint_.host + "]:" + endpoint_.port
                                                                 : endpoint_.host + ":" + endpoint_.port;
}

http::Headers RuntimeApi::baseHeaders() const {
    http::Headers h;
    h.emplace_back("Host", hostHeader_);
    if (!userAgent_.empty()) h.emplace_back("User-Agent", userAgent_);
    return h;
}

bool RuntimeApi::openNew(http::Connection& conn, std::int64_t deadline, std::string& err) const {
    const std::int64_t connectDeadline =
        deadline == kNoDeadline ? deadlineIn(kConnectTimeoutMs) : std::min(deadline, deadlineIn(kConnectTimeoutMs));
    return conn.open(endpoint_, connectDeadline, err);
}

RuntimeApi::Outcome RuntimeApi::exchange(const std::string& method, const std::string& target,
                                         const http::Headers& headers, const BodyWriter& writeBody,
                                         std::int64_t deadline, Use use, const std::string& inlineBody) {
    http::Connection conn;
    const bool reused = use != Use::Fresh && idle_.isOpen() && !idle_.stale();
    if (reused) {
        conn = std::move(idle_);
    } else {
        idle_.close();
        Outcome o;
        if (!openNew(conn, deadline, o.error)) return o;
    }
    const std::uint64_t receivedBefore = conn.receivedBytes();
    Outcome o = attempt(conn, method, target, headers, writeBody, deadline, use, inlineBody);
    // The server may close a kept-alive connection between our staleness check and our request; when not
    // a byte came back, the request never reached it, so it goes once more on a new connection.
    if (!o.ok && reused && use == Use::Kept && conn.receivedBytes() == receivedBefore) {
        conn.close();
        Outcome retry;
        if (!openNew(conn, deadline, retry.error)) return retry;
        o = attempt(conn, method, target, headers, writeBody, deadline, use, inlineBody);
    }
    return o;
}

RuntimeApi::Outcome RuntimeApi::attempt(http::Connection& conn, const std::string& method, const std::string& target,
                                        const http::Headers& headers, const BodyWriter& writeBody,
                                        std::int64_t deadline, Use use, const std::string& inlineBody) {
    Outcome o;
    std::string err;
    bool written = conn.write(http::requestHead(method, target, headers) + inlineBody, deadline, err);
    if (written && writeBody) written = writeBody(conn, err);
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

RuntimeApi::Outcome RuntimeApi::send(const std::string& method, const std::string& target,
                                     const http::Headers& headers, const std::string& body, std::int64_t deadline) {
    if (body.size() <= kInlineBodyMax) {
        return exchange(method, target, headers, BodyWriter(), deadline, Use::Kept, body);
    }
    const BodyWriter writer = [&body, deadline](http::Connection& c, std::string& err) {
        return c.write(body, deadline, err);
    };
    return exchange(method, target, headers, writer, deadline, Use::Kept);
}

bool RuntimeApi::startNext(http::Connection& conn, std::string& err) {
    if (!conn.open(endpoint_, deadlineIn(kConnectTimeoutMs), err)) return false;
    return conn.write(http::requestHead("GET", kNextPath, baseHeaders()), deadlineIn(kConnectTimeoutMs), err);
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
