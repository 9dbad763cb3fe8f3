#include "answers.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "base64.hpp"
#include "clock.hpp"
#include "json.hpp"

namespace tck {

namespace {
constexpr std::int64_t kPostTimeoutMs = 60000;
constexpr std::int64_t kTruncatedAnswerWaitMs = 5000;
constexpr std::size_t kMisframeAbove = 262144;  // fault misframed-large-result
constexpr std::size_t kXrayCauseKept = 40;      // fault truncated-xray-cause
const char* const kResponseSuffix = "/response";
}  // namespace

std::string pathSegment(const std::string& raw) {
    static const char* const kAllowed = "-._~!$&'()*+,;=:@";
    std::string out;
    for (const char ch : raw) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            (c != 0 && std::strchr(kAllowed, c) != nullptr)) {
            out += ch;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::string responsePath(const std::string& id) {
    return "/2018-06-01/runtime/invocation/" + pathSegment(id) + kResponseSuffix;
}

std::string errorPath(const std::string& id) {
    return "/2018-06-01/runtime/invocation/" + pathSegment(id) + "/error";
}

std::string errorDocument(const std::string& message, const std::string& type, const std::vector<std::string>* trace) {
    json::Value doc = json::Value::object();
    doc.set("errorMessage", json::Value::string(message));
    doc.set("errorType", json::Value::string(type));
    if (trace != nullptr) {
        json::Value arr = json::Value::array();
        for (const auto& line : *trace) arr.push(json::Value::string(line));
        doc.set("stackTrace", arr);
    }
    return json::serialize(doc);
}

std::string Answers::targetId() const {
    if (!fx_.faults.wrongRequestId()) return inv_.requestId;
    // A different, unknown id: the last character changed ('0' unless it already is '0').
    std::string id = inv_.requestId;
    if (id.empty()) return "0";
    id.back() = id.back() == '0' ? '1' : '0';
    return id;
}

http::Headers Answers::answerHeaders(const std::string& contentType) const {
    http::Headers h = fx_.api.baseHeaders();
    h.emplace_back("Content-Type", contentType);
    if (inv_.hasInvocationId && !fx_.faults.noInvocationIdEcho()) {
        h.emplace_back("Lambda-Runtime-Invocation-Id", inv_.invocationId);
    }
    return h;
}

PostResult Answers::once(const std::string& path, const http::Headers& headers, const RuntimeApi::BodyWriter& writer,
                         std::int64_t deadline) {
    PostResult r;
    const RuntimeApi::Outcome o =
        fx_.api.exchange("POST", path, headers, writer, deadline, RuntimeApi::Use::KeptNoReplay);
    r.ok = o.ok;
    r.error = o.error;
    r.status = o.response.status;
    r.body = o.response.body;
    return r;
}

void Answers::after(const std::string& path, const PostResult& r) const {
    const bool toResponse = path.size() >= 9 && path.compare(path.size() - 9, 9, kResponseSuffix) == 0;
    if (toResponse && r.ok && r.status == 413 && fx_.faults.exitAfter413()) {
        diagLine("exiting after 413 (fault exit-after-413)");
        _exit(1);
    }
    if (toResponse && r.ok && r.status == 413 && fx_.faults.errorAfter413()) {
        // Reports the refused /response through /error for the same request id.
        const std::string errorPath = path.substr(0, path.size() - 9) + "/error";
        const std::string body =
            R"({"errorMessage":"response refused with 413","errorType":"Runtime.TckResponseTooLarge"})";
        http::Headers h = answerHeaders("application/json");
        h.emplace_back("Lambda-Runtime-Function-Error-Type", "Runtime.TckResponseTooLarge");
        h.emplace_back("Content-Length", std::to_string(body.size()));
        const RuntimeApi::Outcome o = fx_.api.send("POST", errorPath, h, body, deadlineIn(kPostTimeoutMs));
        if (!o.ok) diagLine("POST /error after 413 failed: " + o.error);
    }
    if (r.ok && (r.status == 400 || r.status == 403) && fx_.faults.exitAfter400()) {
        diagLine("exiting after " + std::to_string(r.status) + " (fault exit-after-400)");
        _exit(1);
    }
}

PostResult Answers::post(const std::string& path, http::Headers headers, const std::string& body, bool misframe) {
    // Fault misframed-large-result: declares one byte more than it sends, then ends the request stream.
    misframe = misframe && fx_.faults.misframedLargeResult() && body.size() > kMisframeAbove;
    headers.emplace_back("Content-Length", std::to_string(body.size() + (misframe ? 1 : 0)));
    const auto sendOnce = [&]() {
        PostResult r;
        RuntimeApi::Outcome o;
        if (misframe) {
            const std::int64_t deadline = deadlineIn(kPostTimeoutMs);
            const RuntimeApi::BodyWriter writer = [&body, deadline](http::Connection& c, std::string& err) {
                return c.write(body, deadline, err);
            };
            o = fx_.api.exchangeThenShutdown(path, headers, writer, deadline, kPostTimeoutMs);
        } else {
            o = fx_.api.send("POST", path, headers, body, deadlineIn(kPostTimeoutMs));
        }
        r.ok = o.ok;
        r.error = o.error;
        r.status = o.response.status;
        r.body = o.response.body;
        return r;
    };
    PostResult first = sendOnce();
    after(path, first);
    if (fx_.faults.doubleResponse()) after(path, sendOnce());
    return first;
}

PostResult Answers::respond(const std::string& body, const std::string& contentType, const http::Headers& extra) {
    http::Headers h = answerHeaders(contentType);
    for (const auto& e : extra) {
        bool replaced = false;
        for (auto& existing : h) {
            if (http::equalsIgnoreCase(existing.first, e.first)) {
                existing.second = e.second;
                replaced = true;
            }
        }
        if (!replaced) h.push_back(e);
    }
    return post(responsePath(targetId()), h, body, true);
}

PostResult Answers::error(const std::string& body, const std::string& contentType, bool withTypeHeader,
                          const std::string& errorType, const std::string& xrayCause) {
    http::Headers h = answerHeaders(contentType);
    if (withTypeHeader && !fx_.faults.noErrorTypeHeader()) h.emplace_back("Lambda-Runtime-Function-Error-Type", errorType);
    if (!xrayCause.empty()) {
        h.emplace_back("Lambda-Runtime-Function-XRay-Error-Cause",
                       fx_.faults.truncatedXrayCause() ? xrayCause.substr(0, kXrayCauseKept) : xrayCause);
    }
    const std::string path = fx_.faults.errorToResponse() ? responsePath(targetId()) : errorPath(targetId());
    return post(path, h, body, false);
}

PostResult Answers::stream(const StreamSpec& spec) {
    http::Headers h = answerHeaders(spec.hasPrelude ? "application/vnd.awslambda.http-integration-response"
                                                    : spec.contentType);
    if (!fx_.faults.chunkedWithoutModeHeader()) h.emplace_back("Lambda-Runtime-Function-Response-Mode", "streaming");
    h.emplace_back("Transfer-Encoding", "chunked");
    if (!fx_.faults.noTrailerDeclaration()) {
        h.emplace_back("Trailer", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body");
    }
    const bool truncate = spec.truncate || (!spec.hasErrorTrailer && fx_.faults.streamWithoutLastChunk());
    const bool errorInBody = spec.hasErrorTrailer && fx_.faults.streamErrorInBody();
    std::int64_t totalDelay = 0;
    for (const auto& c : spec.chunks) totalDelay += c.delayMs > 0 ? c.delayMs : 0;
    const std::int64_t budget = kPostTimeoutMs + totalDelay;

    const RuntimeApi::BodyWriter writer = [this, &spec, budget, truncate, errorInBody](http::Connection& c,
                                                                                       std::string& err) {
        const std::int64_t deadline = deadlineIn(budget);
        if (spec.hasPrelude) {
            std::string prelude = spec.prelude;
            if (!fx_.faults.preludeWithoutNuls()) prelude.append(8, '\0');
            if (!c.write(http::chunk(prelude), deadline, err)) return false;
        }
        for (const auto& ch : spec.chunks) {
            sleepMs(ch.delayMs);
            if (!c.write(http::chunk(ch.bytes), deadline, err)) return false;
        }
        if (truncate) return true;  // the caller shuts the sending side down
        http::Headers trailers;
        if (errorInBody) {
            // Fault stream-error-in-body: the error document as data, no trailers.
            if (!c.write(http::chunk(errorDocument(spec.errorMessage, spec.errorType, nullptr)), deadline, err)) {
                return false;
            }
        } else if (spec.hasErrorTrailer) {
            const std::string doc = errorDocument(spec.errorMessage, spec.errorType, nullptr);
            trailers.emplace_back("Lambda-Runtime-Function-Error-Type", spec.errorType);
            trailers.emplace_back("Lambda-Runtime-Function-Error-Body",
                                  fx_.faults.errorBodyRawTrailer() ? doc : base64::encode(doc));
        }
        return c.write(http::lastChunk(trailers), deadline, err);
    };
    const std::string path = responsePath(targetId());
    const auto sendOnce = [&]() {
        if (!truncate) return once(path, h, writer, deadlineIn(budget));
        PostResult r;
        const RuntimeApi::Outcome o =
            fx_.api.exchangeThenShutdown(path, h, writer, deadlineIn(budget), kTruncatedAnswerWaitMs);
        r.ok = o.ok;
        r.noAnswer = !o.ok && o.sent;
        r.error = o.error;
        r.status = o.response.status;
        r.body = o.response.body;
        return r;
    };
    PostResult first = sendOnce();
    after(path, first);
    if (fx_.faults.doubleResponse()) after(path, sendOnce());
    return first;
}

}  // namespace tck
