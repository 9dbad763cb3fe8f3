#include "result.hpp"

namespace tck {

json::Value StepResult::toJson() const {
    json::Value v = json::Value::object();
    v.set("op", json::Value::string(op_));
    v.set("ok", json::Value::boolean(ok_));
    if (!ok_) v.set("error", json::Value::string(error_));
    for (const auto& f : fields_) v.set(f.first, f.second);
    return v;
}

json::Value resultDocument(const json::Value& scenario, const Invocation& inv, const json::Value& results,
                           const json::Value& error) {
    json::Value d = json::Value::object();
    d.set("protocol", json::Value::integer(kProtocolVersion));
    d.set("fixture", json::Value::string(kFixtureName));
    d.set("version", json::Value::string(kFixtureVersion));
    d.set("scenario", scenario);
    d.set("invocation", json::Value::integer(inv.number));
    d.set("requestId", json::Value::string(inv.requestId));
    d.set("results", results);
    d.set("error", error);
    return d;
}

}  // namespace tck
