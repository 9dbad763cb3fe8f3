#include "resolve.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tck::resolve {

namespace {

bool numeric(const std::string& host, unsigned short port, Address& a) {
    sockaddr_in v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        std::memcpy(&a.addr, &v4, sizeof v4);
        a.len = sizeof v4;
        a.family = AF_INET;
        return true;
    }
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        std::memcpy(&a.addr, &v6, sizeof v6);
        a.len = sizeof v6;
        a.family = AF_INET6;
        return true;
    }
    return false;
}

bool equalsIgnoreCase(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

}  // namespace

bool lookup(const std::string& host, unsigned short port, std::vector<Address>& out, std::string& err) {
    out.clear();
    Address a;
    if (numeric(host, port, a)) {
        out.push_back(a);
        return true;
    }
    std::ifstream hosts("/etc/hosts");
    std::string line;
    while (std::getline(hosts, line)) {
        const std::size_t hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::string ip, name;
        if (!(words >> ip)) continue;
        while (words >> name) {
            if (equalsIgnoreCase(name, host) && numeric(ip, port, a)) out.push_back(a);
        }
    }
    if (out.empty() && equalsIgnoreCase(host, "localhost")) {
        numeric("127.0.0.1", port, a);
        out.push_back(a);
    }
    if (out.empty()) {
        err = "cannot resolve '" + host + "': use a numeric address, localhost or a name from /etc/hosts";
        return false;
    }
    return true;
}

}  // namespace tck::resolve
