// The Runtime API as the fixture sees it: one keep-alive connection reused for sequential requests,
// Host/User-Agent added to every request, a fresh connection whenever the old one is unusable.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "http.hpp"

namespace tck {

// How requests travel; the non-default values are deliberate faults (fixtures-runtimes/faults.yaml).
struct Transport {
    std::string userAgent;     // empty: no User-Agent at all (no-user-agent)
    std::string hostOverride;  // non-empty: this Host value instead of the API's (hardcoded-host)
    bool viaProxy = false;     // connect to `proxy`, absolute-form targets (use-http-proxy)
    http::Endpoint proxy;
    bool noReconnect = false;  // exit 1 when the platform closed the kept-alive connection (no-reconnect)
    bool strict202 = false;    // exit 1 on a 202 whose body is not {"status":"OK"} (strict-202-body)
};

class RuntimeApi {
public:
    // `apiText` is AWS_LAMBDA_RUNTIME_API as given (it names the API in absolute-form targets).
    RuntimeApi(http::Endpoint endpoint, std::string apiText, Transport transport);

    const http::Endpoint& endpoint() const { return endpoint_; }
    // Where connections go: the Runtime API, or the proxy (use-http-proxy).
    const http::Endpoint& connectTo() const { return transport_.viaProxy ? transport_.proxy : endpoint_; }

    struct Outcome {
        bool ok = false;  // a complete HTTP answer arrived (any status)
        bool sent = false;  // the whole request left (meaningful for exchangeThenShutdown)
        http::Response response;
        std::string error;
    };

    // Writes the body pieces after the head; returning false stops the request (err says why).
    using BodyWriter = std::function<bool(http::Connection&, std::string& err)>;

    // Which connection a request uses.
    enum class Use {
        // The kept-alive connection when usable, else a new one. When the server closed the kept connection
        // and nothing came back, the request is sent once more on a new connection (RTC-HTTP-003).
        Kept,
        // Like Kept, but never sent twice: a streamed body may already have been partly delivered.
        KeptNoReplay,
        // A new connection, closed afterwards (the `http` step).
        Fresh,
    };

    // `inlineBody` leaves in the same write as the head (small bodies: one segment); `writeBody` follows.
    Outcome exchange(const std::string& method, const std::string& path, const http::Headers& headers,
                     const BodyWriter& writeBody, std::int64_t deadline, Use use = Use::Kept,
                     const std::string& inlineBody = std::string());
    Outcome send(const std::string& method, const std::string& path, const http::Headers& headers,
                 const std::string& body, std::int64_t deadline);
    // Sends the head and what `writeBody` writes, shuts the sending side down, then waits up to `answerWaitMs`
    // for an answer (truncated streams, misframed bodies). Never replayed; the connection is not reused.
    Outcome exchangeThenShutdown(const std::string& path, const http::Headers& headers, const BodyWriter& writeBody,
                                 std::int64_t writeDeadline, std::int64_t answerWaitMs,
                                 const std::string& inlineBody = std::string());

    // GET /next on a connection of its own, without waiting for the answer (fault
    // second-next-before-response); the answer is collected later with finishNext.
    bool startNext(http::Connection& conn, std::string& err);
    Outcome finishNext(http::Connection& conn);

    // Headers every request starts with (Host, User-Agent).
    http::Headers baseHeaders() const;
    // The request-target for a path: the path itself, or an absolute URL through a proxy.
    std::string target(const std::string& path) const;
    // Forgets the kept-alive connection (a forked worker must not share its parent's socket).
    void dropConnection() { idle_.close(); }

private:
    Outcome attempt(http::Connection& conn, const std::string& method, const std::string& path,
                    const http::Headers& headers, const BodyWriter& writeBody, std::int64_t deadline, Use use,
                    const std::string& inlineBody);
    bool openNew(http::Connection& conn, std::int64_t deadline, std::string& err) const;
    // Takes the kept connection when usable, else opens one; `reused` tells which.
    bool acquire(http::Connection& conn, bool allowKept, std::int64_t deadline, bool& reused, std::string& err);
    void checkAnswer(const Outcome& o, Use use) const;

    http::Endpoint endpoint_;
    std::string apiText_;
    Transport transport_;
    std::string hostHeader_;
    http::Connection idle_;
};

}  // namespace tck
