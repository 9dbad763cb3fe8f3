#include "faults.hpp"

#include <algorithm>

namespace tck {

const std::vector<std::string>& Faults::known() {
    static const std::vector<std::string> names = {
        "wrong-request-id",        "no-error-type-header",     "error-body-not-json",
        "error-to-response",       "no-trace-env",             "stale-trace-env",
        "second-next-before-response", "double-response",      "exit-after-413",
        "ignore-next-failure",     "ignore-init-error",        "mangle-binary",
        "no-user-agent",           "chunked-without-mode-header", "no-trailer-declaration",
        "error-body-raw-trailer",  "prelude-without-nuls",     "no-invocation-id-echo",
        "ignore-sigterm",          "init-error-body-not-json", "init-error-exit-zero",
        "stale-invocation-id",     "invented-invocation-id",   "error-after-413",
        "exit-after-400",
        "stop-after-eight",
        "hardcoded-host",
        "next-client-timeout",
        "serve-failed-next",
        "post-to-empty-id",
        "truncate-large-event",
        "misframed-large-result",
        "exit-on-empty-event",
        "truncated-xray-cause",
        "exit-after-error",
        "init-error-after-next",
        "require-log-env",
        "require-function-arn",
        "empty-context-header-exit",
        "bad-deadline-exit",
        "strict-202-body",
        "bad-context-json-exit",
        "case-sensitive-headers",
        "stream-without-last-chunk",
        "stream-error-in-body",
        "use-http-proxy",
        "no-reconnect",
        "post-on-sigterm",
        "extra-worker",
        "fatal-without-error"};
    return names;
}

Faults Faults::parse(const char* list, std::vector<std::string>& unknown) {
    Faults f;
    if (list == nullptr) return f;
    const std::string text(list);
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string name = text.substr(start, comma - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (!name.empty()) {
            const auto& k = known();
            if (std::find(k.begin(), k.end(), name) != k.end()) {
                f.on_.insert(name);
            } else {
                unknown.push_back(name);
            }
        }
        start = comma + 1;
    }
    return f;
}

}  // namespace tck
