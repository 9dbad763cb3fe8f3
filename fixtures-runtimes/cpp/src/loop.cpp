#include "loop.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "answers.hpp"
#include "clock.hpp"
#include "result.hpp"
#include "signals.hpp"
#include "steps.hpp"
#include "workers.hpp"

namespace tck {

namespace {

constexpr std::int64_t kInitErrorTimeoutMs = 30000;
constexpr std::int64_t kInitNextWaitMs = 5000;        // TCK_FIXTURE_INIT=error-then-next
constexpr std::int64_t kNextClientTimeoutMs = 1000;   // fault next-client-timeout
constexpr std::size_t kTruncatedEventBytes = 1048576;  // fault truncate-large-event
constexpr int kStopAfterInvocations = 8;              // fault stop-after-eight
const char* const kNextPath = "/2018-06-01/runtime/invocation/next";
const char* const kInitErrorPath = "/2018-06-01/runtime/init/error";
const char* const kInitPostId = "tck-init-post";

const char* const kRequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
const char* const kDeadlineHeader = "Lambda-Runtime-Deadline-Ms";
const char* const kFunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
const char* const kTraceHeader = "Lambda-Runtime-Trace-Id";
const char* const kClientContextHeader = "Lambda-Runtime-Client-Context";
const char* const kCognitoHeader = "Lambda-Runtime-Cognito-Identity";
const char* const kTenantHeader = "Lambda-Runtime-Aws-Tenant-Id";
const char* const kInvocationIdHeader = "Lambda-Runtime-Invocation-Id";

bool parseInt(const std::string& s, long long& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtoll(s.c_str(), &end, 10);
    return end != nullptr && *end == '\0';
}

bool isDecimalInteger(const std::string& s) {
    const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
    return s.size() > start && s.find_first_not_of("0123456789", start) == std::string::npos;
}

std::string statusText(const RuntimeApi::Outcome& o) {
    return o.ok ? std::to_string(o.response.status) : std::string("none");
}

// Lambda-Runtime-* headers of a /next answer: case-insensitive, or exact (fault case-sensitive-headers).
class NextHeaders {
public:
    NextHeaders(const http::Response& r, bool exact) : r_(r), exact_(exact) {}
    std::string get(const char* name) const { return exact_ ? r_.headerExact(name) : r_.header(name); }
    bool has(const char* name) const { return exact_ ? r_.hasExact(name) : r_.has(name); }

private:
    const http::Response& r_;
    bool exact_;
};

// POST /init/error with the scripted init error document (faults on its body apply, not the invocation ones).
RuntimeApi::Outcome sendInitError(Fixture& fx) {
    const char* typeEnv = std::getenv("TCK_FIXTURE_INIT_ERROR_TYPE");
    const std::string type = typeEnv != nullptr && *typeEnv != '\0' ? typeEnv : "Runtime.TckInitError";
    const std::string message = "scripted init error";
    const std::vector<std::string> noTrace;
    // The invocation faults (no-error-type-header, error-body-not-json) concern /invocation/{id}/error only.
    http::Headers h = fx.api.baseHeaders();
    const bool plain = fx.faults.initErrorBodyNotJson();
    const std::string body = plain ? message : errorDocument(message, type, &noTrace);
    h.emplace_back("Lambda-Runtime-Function-Error-Type", type);
    h.emplace_back("Content-Type", plain ? "text/plain" : "application/json");
    h.emplace_back("Content-Length", std::to_string(body.size()));
    const RuntimeApi::Outcome o = fx.api.send("POST", kInitErrorPath, h, body, deadlineIn(kInitErrorTimeoutMs));
    diagLine(o.ok ? "init error posted (status " + std::to_string(o.response.status) + ")"
                  : "POST /init/error failed: " + o.error);
    return o;
}

[[noreturn]] void postInitError(Fixture& fx) {
    if (fx.faults.ignoreInitError()) {
        diagLine("init error requested; exiting without posting /init/error (fault ignore-init-error)");
        _exit(1);
    }
    sendInitError(fx);
    if (fx.faults.initErrorExitZero()) {
        diagLine("exiting 0 (fault init-error-exit-zero)");
        _exit(0);
    }
    _exit(1);
}

// TCK_FIXTURE_INIT=error-then-next: does the platform still serve an event after a reported init failure?
[[noreturn]] void initErrorThenNext(Fixture& fx) {
    sendInitError(fx);
    const RuntimeApi::Outcome next =
        fx.api.send("GET", kNextPath, fx.api.baseHeaders(), std::string(), deadlineIn(kInitNextWaitMs));
    logLine("init-next " + statusText(next));
    _exit(1);
}

// TCK_FIXTURE_INIT=post-before-next: answers for an invocation that does not exist yet.
void postBeforeNext(Fixture& fx) {
    const std::string id = kInitPostId;
    http::Headers rh = fx.api.baseHeaders();
    const std::string responseBody = "tck-init-post-response";
    rh.emplace_back("Content-Type", "text/plain");
    rh.emplace_back("Content-Length", std::to_string(responseBody.size()));
    const RuntimeApi::Outcome response =
        fx.api.send("POST", responsePath(id), rh, responseBody, deadlineIn(kInitErrorTimeoutMs));
    logLine("init-post response " + statusText(response));

    http::Headers eh = fx.api.baseHeaders();
    const std::string errorBody = R"({"errorMessage":"posted during init","errorType":"Runtime.TckInitPost","stackTrace":[]})";
    eh.emplace_back("Lambda-Runtime-Function-Error-Type", "Runtime.TckInitPost");
    eh.emplace_back("Content-Type", "application/json");
    eh.emplace_back("Content-Length", std::to_string(errorBody.size()));
    const RuntimeApi::Outcome error = fx.api.send("POST", errorPath(id), eh, errorBody, deadlineIn(kInitErrorTimeoutMs));
    logLine("init-post error " + statusText(error));
}

void runInit(Fixture& fx) {
    const char* env = std::getenv("TCK_FIXTURE_INIT");
    const std::string mode = env != nullptr ? env : "";
    long long n = 0;
    if (mode.empty() || mode == "ok") return;
    if (mode == "error") postInitError(fx);
    if (mode == "error-then-next") initErrorThenNext(fx);
    if (mode == "post-before-next") {
        postBeforeNext(fx);
        return;
    }
    if (mode.compare(0, 5, "exit:") == 0 && parseInt(mode.substr(5), n)) _exit(static_cast<int>(n & 0xFF));
    if (mode.compare(0, 6, "sleep:") == 0 && parseInt(mode.substr(6), n)) {
        sleepMs(n);
        return;
    }
    if (mode.compare(0, 5, "kill:") == 0) {
        const int sig = signals::fromName(mode.substr(5));
        if (sig != 0) {
            signals::raiseSelf(sig);
            return;  // ignored (fault ignore-sigterm)
        }
    }
    diagLine("TCK_FIXTURE_INIT=" + mode +
             ": expected ok, error, exit:N, sleep:MS, kill:SIG, error-then-next or post-before-next");
    _exit(1);
}

void setTraceEnv(const Fixture& fx, const Invocation& inv) {
    if (!inv.traceId.empty()) {
        if (!fx.faults.noTraceEnv()) setenv("_X_AMZN_TRACE_ID", inv.traceId.c_str(), 1);
    } else if (!fx.faults.staleTraceEnv()) {
        unsetenv("_X_AMZN_TRACE_ID");
    }
}

// A plain event goes back byte for byte; its "result document" records the post for recall.
json::Value echoPlainEvent(Fixture& fx, const Invocation& inv) {
    std::string body = inv.event;
    if (fx.faults.mangleBinary()) {
        for (char& c : body) {
            if (static_cast<unsigned char>(c) >= 0x80) c = '?';
        }
    }
    Answers answers(fx, inv);
    const PostResult p =
        answers.respond(body, inv.contentType.empty() ? "application/octet-stream" : inv.contentType, {});
    StepResult r("respond");
    if (p.ok) {
        r.add("status", json::Value::integer(p.status));
        r.add("responseBody", json::Value::string(p.body));
    } else {
        r.fail("POST /response failed: " + p.error);
    }
    json::Value results = json::Value::array();
    results.push(r.toJson());
    return resultDocument(json::Value(), inv, results, json::Value());
}

Invocation toInvocation(const Fixture& fx, int number, const http::Response& res, std::string& lastInvocationId) {
    const NextHeaders nh(res, fx.faults.caseSensitiveHeaders());
    Invocation inv;
    inv.number = number;
    inv.requestId = nh.get(kRequestIdHeader);
    inv.invocationId = nh.get(kInvocationIdHeader);
    if (!inv.invocationId.empty()) {
        lastInvocationId = inv.invocationId;
    } else if (fx.faults.staleInvocationId()) {
        inv.invocationId = lastInvocationId;
    } else if (fx.faults.inventedInvocationId()) {
        inv.invocationId = "invented-" + inv.requestId;
    }
    inv.hasInvocationId = !inv.invocationId.empty();  // an empty header counts as absent
    inv.traceId = nh.get(kTraceHeader);
    inv.headers = res.headers;
    inv.event = res.body;
    if (fx.faults.truncateLargeEvent() && inv.event.size() > kTruncatedEventBytes) inv.event.resize(kTruncatedEventBytes);
    inv.contentType = res.header("Content-Type");
    return inv;
}

// Why a /next answer is not served (empty: serve it). Faults serve-failed-next and post-to-empty-id widen what
// is served.
std::string nextFailure(const Fixture& fx, const RuntimeApi::Outcome& next) {
    if (!next.ok) return "GET /next failed: " + next.error;
    const NextHeaders nh(next.response, fx.faults.caseSensitiveHeaders());
    const bool hasId = !nh.get(kRequestIdHeader).empty();
    const int status = next.response.status;
    if (status != 200) {
        if (fx.faults.serveFailedNext() && (status < 200 || status > 299) && hasId) return std::string();
        return "GET /next answered " + std::to_string(status);
    }
    if (!hasId && !fx.faults.postToEmptyId()) {
        // Nothing could be answered without an id: as unusable as a failed /next.
        return "GET /next answered 200 without Lambda-Runtime-Aws-Request-Id";
    }
    return std::string();
}

[[noreturn]] void exitOnContext(const std::string& reason, const char* fault) {
    diagLine(reason + "; exiting (fault " + fault + ")");
    _exit(1);
}

// Faults that refuse an invocation context the platform is allowed to send.
void checkContext(const Fixture& fx, const http::Response& res) {
    const NextHeaders nh(res, fx.faults.caseSensitiveHeaders());
    if (fx.faults.requireFunctionArn() && !nh.has(kFunctionArnHeader)) {
        exitOnContext(std::string("no ") + kFunctionArnHeader + " header", "require-function-arn");
    }
    if (fx.faults.emptyContextHeaderExit()) {
        for (const char* name : {kTraceHeader, kClientContextHeader, kCognitoHeader, kTenantHeader, kFunctionArnHeader}) {
            if (nh.has(name) && nh.get(name).empty()) {
                exitOnContext(std::string(name) + " is present but empty", "empty-context-header-exit");
            }
        }
    }
    if (fx.faults.badDeadlineExit()) {
        if (!nh.has(kDeadlineHeader)) exitOnContext(std::string("no ") + kDeadlineHeader + " header", "bad-deadline-exit");
        if (!isDecimalInteger(nh.get(kDeadlineHeader))) {
            exitOnContext(std::string(kDeadlineHeader) + " is not a base-10 integer", "bad-deadline-exit");
        }
    }
    if (fx.faults.badContextJsonExit()) {
        for (const char* name : {kClientContextHeader, kCognitoHeader}) {
            const std::string value = nh.get(name);
            if (!value.empty() && !json::parse(value).ok) {
                exitOnContext(std::string(name) + " is not valid JSON", "bad-context-json-exit");
            }
        }
    }
    if (fx.faults.exitOnEmptyEvent() && res.body.empty()) exitOnContext("the event is empty", "exit-on-empty-event");
}

[[noreturn]] void nextFailed(Fixture& fx, const std::string& failure) {
    diagLine(failure);
    if (fx.faults.initErrorAfterNext()) {
        // Fault init-error-after-next: reports the failed /next as an init failure.
        const std::vector<std::string> noTrace;
        const std::string body = errorDocument("GET /next failed", "Runtime.TckNextFailed", &noTrace);
        http::Headers h = fx.api.baseHeaders();
        h.emplace_back("Lambda-Runtime-Function-Error-Type", "Runtime.TckNextFailed");
        h.emplace_back("Content-Type", "application/json");
        h.emplace_back("Content-Length", std::to_string(body.size()));
        const RuntimeApi::Outcome o = fx.api.send("POST", kInitErrorPath, h, body, deadlineIn(kInitErrorTimeoutMs));
        diagLine(o.ok ? "init error posted after the failed /next (status " + std::to_string(o.response.status) + ")"
                      : "POST /init/error failed: " + o.error);
    }
    _exit(1);
}

[[noreturn]] void idleForever() {
    diagLine("served " + std::to_string(kStopAfterInvocations) + " invocations; idling (fault stop-after-eight)");
    for (;;) pause();  // SIGTERM still ends the process
}

}  // namespace

void serveLoop(Fixture& fx) {
    http::Connection pendingNext;  // fault second-next-before-response
    bool nextPending = false;
    int number = 0;
    std::string lastInvocationId;  // fault stale-invocation-id
    for (;;) {
        if (fx.faults.stopAfterEight() && number >= kStopAfterInvocations) idleForever();
        RuntimeApi::Outcome next;
        if (nextPending) {
            next = fx.api.finishNext(pendingNext);
            nextPending = false;
        } else if (fx.faults.nextClientTimeout()) {
            const std::int64_t deadline = deadlineIn(kNextClientTimeoutMs);
            next = fx.api.send("GET", kNextPath, fx.api.baseHeaders(), std::string(), deadline);
            if (!next.ok && nowMs() >= deadline) {
                diagLine("GET /next unanswered after " + std::to_string(kNextClientTimeoutMs) +
                         " ms; abandoning it (fault next-client-timeout)");
                continue;  // its connection is closed; the next /next goes on a new one
            }
        } else {
            next = fx.api.send("GET", kNextPath, fx.api.baseHeaders(), std::string(), kNoDeadline);
        }
        const std::string failure = nextFailure(fx, next);
        if (!failure.empty()) {
            if (!fx.faults.ignoreNextFailure()) nextFailed(fx, failure);
            diagLine(failure + "; retrying (fault ignore-next-failure)");
            sleepMs(100);
            continue;
        }
        checkContext(fx, next.response);
        const Invocation inv = toInvocation(fx, ++number, next.response, lastInvocationId);
        logLine("invocation " + std::to_string(inv.number) + " request " + inv.requestId);
        if (fx.faults.secondNextBeforeResponse()) {
            std::string err;
            nextPending = true;  // a failed start surfaces as a failed /next on the next round
            if (!fx.api.startNext(pendingNext, err)) pendingNext.close();
        }
        setTraceEnv(fx, inv);
        fx.remember(isScript(inv.event) ? runScript(fx, inv) : echoPlainEvent(fx, inv));
    }
}

void serve(Fixture& fx) {
    runInit(fx);
    const int workers = workerCount(fx.faults.extraWorker());
    if (workers > 0) runWorkers(fx, workers);
    serveLoop(fx);
}

}  // namespace tck
