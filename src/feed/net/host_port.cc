#include "feed/net/host_port.h"

#include <arpa/inet.h>

#include <cstring>

namespace lookout::feed {

namespace {

bool is_ipv4(const std::string& host) {
  in_addr a{};
  return ::inet_pton(AF_INET, host.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr a{};
  return ::inet_pton(AF_INET6, host.c_str(), &a) == 1;
}

// RFC 1123 host name: labels of letters, digits and '-', not starting or
// ending with '-', at most 63 bytes each, at most 253 in all.
bool is_dns_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t label = 0;
  char prev = '.';
  for (char c : host) {
    if (c == '.') {
      if (label == 0 || prev == '-') return false;
      label = 0;
    } else {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                (c == '-' && label > 0);
      if (!ok || ++label > 63) return false;
    }
    prev = c;
  }
  return prev != '-' && prev != '.';
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return make_error(ErrorCode::kBadValue, 0, "address");
  }
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  HostPort hp;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return make_error(ErrorCode::kBadValue, 0, "host");
    hp.host.assign(host.substr(1, host.size() - 2));
    if (!is_ipv6(hp.host)) return make_error(ErrorCode::kBadValue, 1, "host");
    hp.is_literal = true;
  } else {
    hp.host.assign(host);
    if (hp.host.find(':') != std::string::npos) {
      // An IPv6 literal without brackets is ambiguous ("::1:80").
      return make_error(ErrorCode::kBadValue, 0, "host");
    }
    hp.is_literal = is_ipv4(hp.host);
    bool all_digits_dots = hp.host.find_first_not_of("0123456789.") == std::string::npos;
    if (!hp.is_literal && (all_digits_dots || !is_dns_name(hp.host))) {
      return make_error(ErrorCode::kBadValue, 0, "host");
    }
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
    return make_error(ErrorCode::kBadValue, colon + 1, "port");
  }
  unsigned value = 0;
  for (char c : port) value = value * 10 + static_cast<unsigned>(c - '0');
  if (value > 65535) return make_error(ErrorCode::kBadValue, colon + 1, "port");
  hp.port = static_cast<uint16_t>(value);
  return hp;
}

std::string describe_host_port_error(std::string_view text, const Error& e) {
  std::string out = "'";
  out.append(text);
  out += "': ";
  const char* field = e.field != nullptr ? e.field : "address";
  if (std::strcmp(field, "port") == 0) {
    out += "the port must be a number from 0 to 65535";
  } else if (std::strcmp(field, "host") == 0) {
    out += "the host must be an IPv4 address, an IPv6 address in brackets or a DNS name";
  } else {
    out += "expected host:port";
  }
  return out;
}

std::string to_string(const HostPort& hp) {
  bool v6 = hp.host.find(':') != std::string::npos;
  std::string out = v6 ? "[" + hp.host + "]" : hp.host;
  out += ':';
  out += std::to_string(hp.port);
  return out;
}

}  // namespace lookout::feed
