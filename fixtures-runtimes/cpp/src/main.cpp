// lambda-tck C++ fixture runtime: a custom-runtime bootstrap driven by scripts in its events
// (spec/fixture-protocol.md).
#include <cstdlib>
#include <string>
#include <vector>

#include "faults.hpp"
#include "fixture.hpp"
#include "http.hpp"
#include "loop.hpp"
#include "runtime_api.hpp"
#include "signals.hpp"

int main(int argc, char** argv) {
    using namespace tck;
    std::vector<std::string> unknown;
    Faults faults = Faults::parse(std::getenv("TCK_FIXTURE_FAULT"), unknown);
    const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
    if (api == nullptr || *api == '\0') {
        diagLine("AWS_LAMBDA_RUNTIME_API is not set");
        return 1;
    }
    if (!unknown.empty()) {
        std::string names;
        for (const auto& name : unknown) names += (names.empty() ? "" : ", ") + name;
        diagLine("unknown TCK_FIXTURE_FAULT name(s): " + names);
        return 1;
    }
    signals::install(faults.ignoreSigterm());
    http::Endpoint endpoint;
    std::string err;
    if (!http::parseEndpoint(api, endpoint, err)) {
        diagLine(err);
        return 1;
    }
    const std::string userAgent =
        faults.noUserAgent() ? std::string() : std::string("lambda-tck-fixture-") + kFixtureName + "/" + kFixtureVersion;
    std::vector<std::string> args(argv, argv + argc);
    Fixture fx(RuntimeApi(endpoint, userAgent), std::move(faults), std::move(args));
    serve(fx);
}
