#include "loop.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "answers.hpp"
#include "clock.hpp"
#include "result.hpp"
#include "signals.hpp"
#include "steps.hpp"

namespace tck {

namespace {

constexpr std::int64_t kInitErrorTimeoutMs = 30000;
const char* const kNextPath = "/2018-06-01/runtime/invocation/next";
const char* const kInitErrorPath = "/2018-06-01/runtime/init/error";

bool parseInt(const std::string& s, long long& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtoll(s.c_str(), &end, 10);
    return end != nullptr && *end == '\0';
}

[[noreturn]] void postInitError(Fixture& fx) {
    if (fx.faults.ignoreInitError()) {
        diagLine("init error requested; exiting without posting /init/error (fault ignore-init-error)");
        _exit(1);
    }
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
    if (fx.faults.initErrorExitZero()) {
        diagLine("exiting 0 (fault init-error-exit-zero)");
        _exit(0);
    }
    _exit(1);
}

void runInit(Fixture& fx) {
    const char* env = std::getenv("TCK_FIXTURE_INIT");
    const std::string mode = env != nullptr ? env : "";
    long long n = 0;
    if (mode.empty() || mode == "ok") return;
    if (mode == "error") postInitError(fx);
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
    diagLine("TCK_FIXTURE_INIT=" + mode + ": expected ok, error, exit:N, sleep:MS or kill:SIG");
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
    Invocation inv;
    inv.number = number;
    inv.requestId = res.header("Lambda-Runtime-Aws-Request-Id");
    inv.invocationId = res.header("Lambda-Runtime-Invocation-Id");
    if (!inv.invocationId.empty()) {
        lastInvocationId = inv.invocationId;
    } else if (fx.faults.staleInvocationId()) {
        inv.invocationId = lastInvocationId;
    } else if (fx.faults.inventedInvocationId()) {
        inv.invocationId = "invented-" + inv.requestId;
    }
    inv.hasInvocationId = !inv.invocationId.empty();  // an empty header counts as absent
    inv.traceId = res.header("Lambda-Runtime-Trace-Id");
    inv.headers = res.headers;
    inv.event = res.body;
    inv.contentType = res.header("Content-Type");
    return inv;
}

}  // namespace

void serve(Fixture& fx) {
    runInit(fx);
    http::Connection pendingNext;  // fault second-next-before-response
    bool nextPending = false;
    int number = 0;
    std::string lastInvocationId;  // fault stale-invocation-id
    for (;;) {
        RuntimeApi::Outcome next;
        if (nextPending) {
            next = fx.api.finishNext(pendingNext);
            nextPending = false;
        } else {
            next = fx.api.send("GET", kNextPath, fx.api.baseHeaders(), std::string(), kNoDeadline);
        }
        std::string failure;
        if (!next.ok) {
            failure = "GET /next failed: " + next.error;
        } else if (next.response.status != 200) {
            failure = "GET /next answered " + std::to_string(next.response.status);
        } else if (next.response.header("Lambda-Runtime-Aws-Request-Id").empty()) {
            // Nothing could be answered without an id: as unusable as a failed /next.
            failure = "GET /next answered 200 without Lambda-Runtime-Aws-Request-Id";
        }
        if (!failure.empty()) {
            if (!fx.faults.ignoreNextFailure()) {
                diagLine(failure);
                _exit(1);
            }
            diagLine(failure + "; retrying (fault ignore-next-failure)");
            sleepMs(100);
            continue;
        }
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

}  // namespace tck
