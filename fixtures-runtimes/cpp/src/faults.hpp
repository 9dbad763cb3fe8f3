// Deliberate contract violations switched on by TCK_FIXTURE_FAULT (names: fixtures-runtimes/faults.yaml).
#pragma once

#include <set>
#include <string>
#include <vector>

namespace tck {

class Faults {
public:
    // Parses a comma list; unknown names are returned in `unknown` and otherwise ignored.
    static Faults parse(const char* list, std::vector<std::string>& unknown);

    bool wrongRequestId() const { return has("wrong-request-id"); }
    bool noErrorTypeHeader() const { return has("no-error-type-header"); }
    bool errorBodyNotJson() const { return has("error-body-not-json"); }
    bool errorToResponse() const { return has("error-to-response"); }
    bool noTraceEnv() const { return has("no-trace-env"); }
    bool staleTraceEnv() const { return has("stale-trace-env"); }
    bool secondNextBeforeResponse() const { return has("second-next-before-response"); }
    bool doubleResponse() const { return has("double-response"); }
    bool exitAfter413() const { return has("exit-after-413"); }
    bool ignoreNextFailure() const { return has("ignore-next-failure"); }
    bool ignoreInitError() const { return has("ignore-init-error"); }
    bool mangleBinary() const { return has("mangle-binary"); }
    bool noUserAgent() const { return has("no-user-agent"); }
    bool chunkedWithoutModeHeader() const { return has("chunked-without-mode-header"); }
    bool noTrailerDeclaration() const { return has("no-trailer-declaration"); }
    bool errorBodyRawTrailer() const { return has("error-body-raw-trailer"); }
    bool preludeWithoutNuls() const { return has("prelude-without-nuls"); }
    bool noInvocationIdEcho() const { return has("no-invocation-id-echo"); }
    bool ignoreSigterm() const { return has("ignore-sigterm"); }
    bool initErrorBodyNotJson() const { return has("init-error-body-not-json"); }
    bool initErrorExitZero() const { return has("init-error-exit-zero"); }
    bool staleInvocationId() const { return has("stale-invocation-id"); }
    bool inventedInvocationId() const { return has("invented-invocation-id"); }
    bool errorAfter413() const { return has("error-after-413"); }
    bool exitAfter400() const { return has("exit-after-400"); }
    bool stopAfterEight() const { return has("stop-after-eight"); }
    bool hardcodedHost() const { return has("hardcoded-host"); }
    bool nextClientTimeout() const { return has("next-client-timeout"); }
    bool serveFailedNext() const { return has("serve-failed-next"); }
    bool postToEmptyId() const { return has("post-to-empty-id"); }
    bool truncateLargeEvent() const { return has("truncate-large-event"); }
    bool misframedLargeResult() const { return has("misframed-large-result"); }
    bool exitOnEmptyEvent() const { return has("exit-on-empty-event"); }
    bool truncatedXrayCause() const { return has("truncated-xray-cause"); }
    bool exitAfterError() const { return has("exit-after-error"); }
    bool initErrorAfterNext() const { return has("init-error-after-next"); }
    bool requireLogEnv() const { return has("require-log-env"); }
    bool requireFunctionArn() const { return has("require-function-arn"); }
    bool emptyContextHeaderExit() const { return has("empty-context-header-exit"); }
    bool badDeadlineExit() const { return has("bad-deadline-exit"); }
    bool strict202Body() const { return has("strict-202-body"); }
    bool badContextJsonExit() const { return has("bad-context-json-exit"); }
    bool caseSensitiveHeaders() const { return has("case-sensitive-headers"); }
    bool streamWithoutLastChunk() const { return has("stream-without-last-chunk"); }
    bool streamErrorInBody() const { return has("stream-error-in-body"); }
    bool useHttpProxy() const { return has("use-http-proxy"); }
    bool noReconnect() const { return has("no-reconnect"); }
    bool postOnSigterm() const { return has("post-on-sigterm"); }
    bool extraWorker() const { return has("extra-worker"); }
    bool fatalWithoutError() const { return has("fatal-without-error"); }

    static const std::vector<std::string>& known();

private:
    bool has(const char* name) const { return on_.count(name) != 0; }
    std::set<std::string> on_;
};

}  // namespace tck
