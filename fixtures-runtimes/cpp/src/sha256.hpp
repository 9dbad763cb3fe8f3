// SHA-256 (FIPS 180-4), incremental, hex output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tck {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t len);
    std::string hexDigest();  // finalises; call once

    static std::string hex(const std::string& bytes);

private:
    void block(const unsigned char* p);
    std::uint32_t h_[8];
    unsigned char buf_[64];
    std::size_t bufLen_ = 0;
    std::uint64_t total_ = 0;
};

}  // namespace tck
