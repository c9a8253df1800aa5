// HostPort: the "host:port" addresses of the live node's configuration.
//
// Inputs connect to or bind "host:port". The host is an IPv4 literal, an IPv6
// literal in brackets ("[::1]:10110") or a DNS name (only where a name makes
// sense: a TCP client resolves it; a bind address must be a literal). The
// port is decimal, 0-65535; 0 asks the system for a free port when binding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lookout::feed {

struct HostPort {
  std::string host;     ///< Without brackets: "127.0.0.1", "::1", "ais.example.org".
  uint16_t port = 0;
  bool is_literal = false;  ///< True when host is an IPv4 or IPv6 literal.
};

// Parses "host:port" or "[v6]:port". Errors (kBadValue) name the part that is
// wrong in Error::field: "address" (no ':' or empty), "host" (not a literal
// and not a DNS name), "port" (not a number in 0-65535).
Result<HostPort> parse_host_port(std::string_view text);

// One sentence for a parse_host_port error, e.g. "'localhost:99999': the port
// must be a number from 0 to 65535".
std::string describe_host_port_error(std::string_view text, const Error& e);

// "host:port", with brackets around an IPv6 literal.
std::string to_string(const HostPort& hp);

}  // namespace lookout::feed
