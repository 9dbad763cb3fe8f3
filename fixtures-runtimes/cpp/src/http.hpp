// HTTP/1.1 client over POSIX sockets: Content-Length and chunked requests (with trailers), and
// Content-Length / chunked / read-to-close responses. Writes watch for an early answer from the peer
// (e.g. 413 before the body is complete) so that answer is read instead of being lost.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tck::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Endpoint {
    std::string host;
    std::string port;
};

// Parses "host:port" or "[v6addr]:port".
bool parseEndpoint(const std::string& text, Endpoint& out, std::string& err);

struct Response {
    int status = 0;
    Headers headers;  // names as received, in order
    std::string body;
    bool close = false;  // the connection cannot be reused
    // Values of a header (case-insensitive), joined with ", "; empty when absent.
    std::string header(const std::string& name) const;
    bool has(const std::string& name) const;
    // The same with the name matched byte for byte (fault case-sensitive-headers).
    std::string headerExact(const std::string& name) const;
    bool hasExact(const std::string& name) const;
};

bool equalsIgnoreCase(const std::string& a, const std::string& b);
std::string lower(std::string s);

std::string requestHead(const std::string& method, const std::string& target, const Headers& headers);
std::string chunk(const std::string& data);  // one HTTP chunk; empty data gives nothing (0 would end the body)
std::string lastChunk(const Headers& trailers);

class Connection {
public:
    Connection() = default;
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;

    bool open(const Endpoint& ep, std::int64_t deadline, std::string& err);
    bool isOpen() const { return fd_ >= 0; }
    void close();
    // Ends the sending side (shutdown(SHUT_WR)): the peer sees the end of the request stream.
    void shutdownWrite();
    // True when the peer closed or sent something unasked: the connection must not be reused.
    bool stale() const;

    // False on error, or when the peer answered early (peerAnswered(); then call readResponse).
    bool write(const std::string& data, std::int64_t deadline, std::string& err);
    bool peerAnswered() const { return peerAnswered_; }
    // Bytes that arrived on this connection so far (tells whether a request got any answer at all).
    std::uint64_t receivedBytes() const { return receivedBytes_; }

    bool readResponse(Response& out, std::int64_t deadline, std::string& err, bool headRequest = false);

private:
    bool fill(std::int64_t deadline, std::string& err);  // reads more bytes into buf_; false on EOF/error
    bool readLine(std::string& line, std::int64_t deadline, std::string& err);
    bool readExactly(std::size_t n, std::string& out, std::int64_t deadline, std::string& err);

    int fd_ = -1;
    bool peerAnswered_ = false;
    std::uint64_t receivedBytes_ = 0;
    bool eof_ = false;
    std::string buf_;
    std::size_t bufPos_ = 0;
};

}  // namespace tck::http
