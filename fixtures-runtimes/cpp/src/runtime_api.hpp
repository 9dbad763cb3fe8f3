// The Runtime API as the fixture sees it: one keep-alive connection reused for sequential requests,
// Host/User-Agent added to every request, a fresh connection whenever the old one is unusable.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "http.hpp"

namespace tck {

class RuntimeApi {
public:
    // userAgent empty: send no User-Agent at all (fault no-user-agent).
    RuntimeApi(http::Endpoint endpoint, std::string userAgent);

    const http::Endpoint& endpoint() const { return endpoint_; }

    struct Outcome {
        bool ok = false;  // a complete HTTP answer arrived (any status)
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
    Outcome exchange(const std::string& method, const std::string& target, const http::Headers& headers,
                     const BodyWriter& writeBody, std::int64_t deadline, Use use = Use::Kept,
                     const std::string& inlineBody = std::string());
    Outcome send(const std::string& method, const std::string& target, const http::Headers& headers,
                 const std::string& body, std::int64_t deadline);

    // GET /next on a connection of its own, without waiting for the answer (fault
    // second-next-before-response); the answer is collected later with finishNext.
    bool startNext(http::Connection& conn, std::string& err);
    Outcome finishNext(http::Connection& conn);

    // Headers every request starts with (Host, User-Agent).
    http::Headers baseHeaders() const;

private:
    Outcome attempt(http::Connection& conn, const std::string& method, const std::string& target,
                    const http::Headers& headers, const BodyWriter& writeBody, std::int64_t deadline, Use use,
                    const std::string& inlineBody);
    bool openNew(http::Connection& conn, std::int64_t deadline, std::string& err) const;

    http::Endpoint endpoint_;
    std::string userAgent_;
    std::string hostHeader_;
    http::Connection idle_;
};

}  // namespace tck
