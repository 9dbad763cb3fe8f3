// File-system inspection for the `list` and `read` steps: lstat-based walk (symbolic links are
// reported, never followed) and bounded file reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tck::fs {

struct Entry {
    std::string path;
    std::string type;  // file | dir | symlink | other
    unsigned mode = 0;  // st_mode & 07777
    bool isFile = false;
    std::uint64_t size = 0;
    bool hasSha = false;
    std::string sha256;
    bool hasTarget = false;
    std::string target;  // symlinks
};

struct Listing {
    bool exists = false;  // false (without error) when the root does not exist
    std::string error;    // set when the root could not be inspected for another reason
    std::vector<Entry> entries;  // sorted by path (byte order); the root first
};

Listing list(const std::string& root, bool recursive);

struct FileRead {
    bool exists = false;  // false (without error) when the file does not exist
    std::string error;
    std::uint64_t size = 0;
    std::string sha256;
    std::string head;  // the first maxBytes bytes
};

FileRead read(const std::string& path, std::uint64_t maxBytes);

std::string octalMode(unsigned mode);  // "0755"

}  // namespace tck::fs
