// UTF-8 validation and lossy conversion (each invalid byte becomes U+FFFD).
#pragma once

#include <string>

namespace tck::utf8 {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when s[i] starts no valid sequence.
std::size_t validSequenceLength(const std::string& s, std::size_t i);
bool isValid(const std::string& s);
std::string lossy(const std::string& s);

}  // namespace tck::utf8
