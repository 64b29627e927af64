// A tiny HTTP/1.1 client over a plain socket for tests: it sends exactly the bytes asked
// for (so tests can send "%2e%2e" and other tricks unnormalised) and parses the reply.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace anninh::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One request on a fresh connection to 127.0.0.1:port with "Connection: close"; reads the
// reply to the end. Throws std::runtime_error if the connection fails or the reply is not
// HTTP.
HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {},
                   const std::string& body = "");

// Writes `raw` as is and returns everything the server sends until it closes the
// connection or `timeout` passes.
std::string HttpRaw(int port, const std::string& raw,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Connects, writes `raw` and returns the open socket without reading anything: a client
// that stopped reading (with `receive_buffer` set small, the server's writes soon block).
// The caller closes it.
int SendRaw(int port, const std::string& raw, int receive_buffer = 0);

// Parses one reply ("HTTP/1.1 200 OK\r\n...\r\n\r\nbody").
HttpReply ParseHttpReply(const std::string& raw);

}  // namespace anninh::testing
