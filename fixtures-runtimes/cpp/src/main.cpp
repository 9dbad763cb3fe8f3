// lambda-tck C++ fixture runtime: a custom-runtime bootstrap driven by scripts in its events
// (spec/fixture-protocol.md).
#include <cstdlib>
#include <string>
#include <vector>

#include "answers.hpp"
#include "faults.hpp"
#include "fixture.hpp"
#include "http.hpp"
#include "loop.hpp"
#include "resolve.hpp"
#include "runtime_api.hpp"
#include "signals.hpp"

namespace {

using namespace tck;

// "http://host:port[/]" (fault use-http-proxy).
bool parseProxy(const std::string& url, http::Endpoint& out, std::string& err) {
    const std::string scheme = "http://";
    std::string rest = url.compare(0, scheme.size(), scheme) == 0 ? url.substr(scheme.size()) : std::string();
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (rest.empty() || rest.find('/') != std::string::npos || !http::parseEndpoint(rest, out, err)) {
        err = "proxy URL " + url + ": expected http://host:port";
        return false;
    }
    return true;
}

// host:port, the host a name, an IPv4 address or a bracketed IPv6 address (RT-HTTP-011)
bool isHostPort(const std::string& v) {
    const std::size_t colon = v.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    const std::string host = v.substr(0, colon), port = v.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    if (host.front() == '[') {
        return host.size() > 2 && host.back() == ']'
               && host.find_first_not_of("0123456789abcdefABCDEF:", 1) == host.size() - 1;
    }
    return host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == std::string::npos;
}

const char* nonEmptyEnv(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? v : nullptr;
}

// Fault post-on-sigterm: the /init/error request the SIGTERM handler sends, built now.
void armSigtermPost(const RuntimeApi& api) {
    std::vector<resolve::Address> addresses;
    std::string err;
    const http::Endpoint& to = api.connectTo();
    if (!resolve::lookup(to.host, static_cast<unsigned short>(std::atoi(to.port.c_str())), addresses, err)) {
        diagLine(err);
        return;
    }
    const std::vector<std::string> noTrace;
    const std::string body = errorDocument("terminated by SIGTERM", "Runtime.TckSigterm", &noTrace);
    http::Headers h = api.baseHeaders();
    h.emplace_back("Lambda-Runtime-Function-Error-Type", "Runtime.TckSigterm");
    h.emplace_back("Content-Type", "application/json");
    h.emplace_back("Content-Length", std::to_string(body.size()));
    h.emplace_back("Connection", "close");
    signals::armSigtermPost(addresses.front(),
                            http::requestHead("POST", api.target("/2018-06-01/runtime/init/error"), h) + body);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> unknown;
    Faults faults = Faults::parse(std::getenv("TCK_FIXTURE_FAULT"), unknown);
    const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
    if (api == nullptr || *api == '\0') {
        diagLine("AWS_LAMBDA_RUNTIME_API is not set");
        return 1;
    }
    if (!isHostPort(api)) {
        // a scheme or path here is the platform's error: say so instead of failing to connect
        diagLine(std::string("AWS_LAMBDA_RUNTIME_API is not host:port: '") + api + "'");
        return 1;
    }
    if (!unknown.empty()) {
        std::string names;
        for (const auto& name : unknown) names += (names.empty() ? "" : ", ") + name;
        diagLine("unknown TCK_FIXTURE_FAULT name(s): " + names);
        return 1;
    }
    if (faults.requireLogEnv()) {
        for (const char* name : {"AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME"}) {
            if (std::getenv(name) == nullptr) {
                diagLine(std::string(name) + " is not set; exiting (fault require-log-env)");
                return 1;
            }
        }
    }
    signals::install(faults.ignoreSigterm());
    http::Endpoint endpoint;
    std::string err;
    if (!http::parseEndpoint(api, endpoint, err)) {
        diagLine(err);
        return 1;
    }
    Transport transport;
    if (!faults.noUserAgent()) transport.userAgent = std::string("lambda-tck-fixture-") + kFixtureName + "/" + kFixtureVersion;
    if (faults.hardcodedHost()) transport.hostOverride = "127.0.0.1:9001";
    if (faults.useHttpProxy()) {
        const char* proxy = nonEmptyEnv("http_proxy");
        if (proxy == nullptr) proxy = nonEmptyEnv("HTTP_PROXY");
        if (proxy != nullptr) {
            if (!parseProxy(proxy, transport.proxy, err)) {
                diagLine(err);
                return 1;
            }
            transport.viaProxy = true;
        }
    }
    transport.noReconnect = faults.noReconnect();
    transport.strict202 = faults.strict202Body();
    std::vector<std::string> args(argv, argv + argc);
    Fixture fx(RuntimeApi(endpoint, api, std::move(transport)), std::move(faults), std::move(args));
    if (fx.faults.postOnSigterm() && !fx.faults.ignoreSigterm()) armSigtermPost(fx.api);
    serve(fx);
}
