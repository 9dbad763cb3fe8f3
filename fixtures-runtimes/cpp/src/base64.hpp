// Standard base64 (RFC 4648 §4, padded).
#pragma once

#include <string>

namespace tck::base64 {

std::string encode(const std::string& bytes);
// Strict decoding: standard alphabet, length a multiple of 4, padding only at the end.
bool decode(const std::string& text, std::string& out);

}  // namespace tck::base64
