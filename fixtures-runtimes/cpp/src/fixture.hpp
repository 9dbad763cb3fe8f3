// State shared by the main loop and the steps: identity, faults, the Runtime API, past results.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "faults.hpp"
#include "http.hpp"
#include "json.hpp"
#include "runtime_api.hpp"

namespace tck {

constexpr const char* kFixtureName = "cpp";
constexpr const char* kFixtureVersion = "0.1.0";
constexpr int kProtocolVersion = 1;
constexpr std::size_t kRecallDepth = 16;

// One invocation as delivered by GET /next.
struct Invocation {
    int number = 0;  // 1-based since start
    std::string requestId;
    bool hasInvocationId = false;
    std::string invocationId;
    std::string traceId;
    http::Headers headers;
    std::string event;
    std::string contentType;  // as received; empty when absent
};

struct Fixture {
    Fixture(RuntimeApi runtimeApi, Faults activeFaults, std::vector<std::string> arguments)
        : api(std::move(runtimeApi)), faults(std::move(activeFaults)), argv(std::move(arguments)) {}

    RuntimeApi api;
    Faults faults;
    std::vector<std::string> argv;
    std::deque<json::Value> history;  // result documents of finished invocations, oldest first

    void remember(json::Value document) {
        history.push_back(std::move(document));
        while (history.size() > kRecallDepth) history.pop_front();
    }
};

// Writes all of `data` to fd (stdout/stderr), retrying short writes.
void writeFully(int fd, const std::string& data);
// A protocol line on stderr: "tck-fixture cpp <text>" (invocation lines).
void logLine(const std::string& text);
// A diagnostic line on stderr: "tck-fixture cpp: <text>".
void diagLine(const std::string& text);

}  // namespace tck
