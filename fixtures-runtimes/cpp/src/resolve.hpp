// Host name resolution without NSS, so the fixture can be linked fully static and run on any
// x86-64/arm64 Linux (Lambda images have older glibc than the build host). Covers what
// AWS_LAMBDA_RUNTIME_API holds in practice: numeric addresses, localhost and /etc/hosts names.
#pragma once

#include <sys/socket.h>

#include <string>
#include <vector>

namespace tck::resolve {

struct Address {
    sockaddr_storage addr{};
    socklen_t len = 0;
    int family = 0;
};

bool lookup(const std::string& host, unsigned short port, std::vector<Address>& out, std::string& err);

}  // namespace tck::resolve
