// Step results and the result document (protocol §3, §5), with keys in the protocol's fixed order.
#pragma once

#include <string>

#include "fixture.hpp"
#include "json.hpp"

namespace tck {

class StepResult {
public:
    explicit StepResult(std::string op) : op_(std::move(op)) {}

    void fail(std::string message) {
        ok_ = false;
        error_ = std::move(message);
    }
    bool ok() const { return ok_; }
    void add(std::string key, json::Value value) { fields_.emplace_back(std::move(key), std::move(value)); }
    json::Value toJson() const;

private:
    std::string op_;
    bool ok_ = true;
    std::string error_;
    json::Object fields_;
};

json::Value resultDocument(const json::Value& scenario, const Invocation& inv, const json::Value& results,
                           const json::Value& error);

}  // namespace tck
