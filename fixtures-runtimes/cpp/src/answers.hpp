// Answer posts for one invocation (/response, /error, streamed /response), where most faults live:
// wrong-request-id, double-response, error-to-response, exit-after-413, no-invocation-id-echo, ...
#pragma once

#include <string>
#include <vector>

#include "fixture.hpp"
#include "http.hpp"

namespace tck {

struct PostResult {
    bool ok = false;  // an HTTP answer arrived
    bool noAnswer = false;  // a truncated stream left completely but got no answer in time (not a failure)
    int status = 0;
    std::string body;
    std::string error;
};

struct StreamChunk {
    std::string bytes;
    long long delayMs = 0;
};

struct StreamSpec {
    std::string contentType = "application/octet-stream";
    bool hasPrelude = false;
    std::string prelude;  // compact JSON
    std::vector<StreamChunk> chunks;
    bool hasErrorTrailer = false;
    std::string errorType;
    std::string errorMessage;
    bool truncate = false;  // end by shutting down the sending side, without the zero-length chunk
};

class Answers {
public:
    Answers(Fixture& fx, const Invocation& inv) : fx_(fx), inv_(inv) {}

    PostResult respond(const std::string& body, const std::string& contentType, const http::Headers& extra);
    // typeHeader empty and !withTypeHeader: no Lambda-Runtime-Function-Error-Type.
    PostResult error(const std::string& body, const std::string& contentType, bool withTypeHeader,
                     const std::string& errorType, const std::string& xrayCause);
    PostResult stream(const StreamSpec& spec);

    // The id the answers are posted to (mutated by wrong-request-id).
    std::string targetId() const;

private:
    // `misframe`: fault misframed-large-result may apply (buffered /response posts only).
    PostResult post(const std::string& path, http::Headers headers, const std::string& body, bool misframe);
    // One streamed post, never replayed on a new connection: its chunks may already have reached the platform.
    PostResult once(const std::string& path, const http::Headers& headers, const RuntimeApi::BodyWriter& writer,
                    std::int64_t deadline);
    http::Headers answerHeaders(const std::string& contentType) const;
    void after(const std::string& path, const PostResult& r) const;

    Fixture& fx_;
    const Invocation& inv_;
};

// Percent-encodes what an RFC 3986 path segment may not hold, so any request id is path-safe.
std::string pathSegment(const std::string& raw);
std::string responsePath(const std::string& id);
std::string errorPath(const std::string& id);
// The default error document {"errorMessage":…,"errorType":…[,"stackTrace":[…]]}.
std::string errorDocument(const std::string& message, const std::string& type, const std::vector<std::string>* trace);

}  // namespace tck
