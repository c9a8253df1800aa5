// Request parsing; see request_parse.h. One of the two translation units that
// include Beast (only its HTTP parser here; server.cc has the rest).
#include "server/http/request_parse.h"

#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

// GCC 12 with -fsanitize reports a boost::optional inside Beast's parser as
// maybe-uninitialized (a false positive, located in the Boost headers).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <limits>

#include "core/json_out.h"

namespace lookout::server {

namespace {

namespace http = boost::beast::http;

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_b64token_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '+' || c == '/';
}

// Maps a Beast parser error to our Error (see request_parse.h).
Error from_beast(const boost::system::error_code& ec, std::size_t offset) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return make_error(ErrorCode::kLineTooLong, offset, "header");
  }
  if (ec == http::error::body_limit) return make_error(ErrorCode::kLineTooLong, offset, "body");
  if (ec == http::error::need_more || ec == http::error::partial_message) {
    return make_error(ErrorCode::kMissingField, offset, "request");
  }
  if (ec == http::error::bad_method) return make_error(ErrorCode::kBadValue, offset, "method");
  if (ec == http::error::bad_target) return make_error(ErrorCode::kBadValue, offset, "target");
  if (ec == http::error::bad_version) return make_error(ErrorCode::kBadValue, offset, "version");
  if (ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding ||
      ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension) {
    return make_error(ErrorCode::kBadValue, offset, "body");
  }
  if (ec == http::error::bad_field || ec == http::error::bad_value || ec == http::error::bad_obs_fold) {
    return make_error(ErrorCode::kBadValue, offset, "header");
  }
  return make_error(ErrorCode::kBadValue, offset, "request");
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

Response json_error(int status, std::string_view code, std::string_view message) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  std::string& b = response.body;
  b.reserve(64 + code.size() + message.size());
  b += "{\"error\":{\"status\":";
  append_integer(b, status);
  b += ",\"code\":\"";
  append_json_escaped(b, code);
  b += "\",\"message\":\"";
  append_json_escaped(b, message);
  b += "\"}}";
  return response;
}

Result<TargetParts> split_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return make_error(ErrorCode::kBadValue, 0, "target");
  for (std::size_t i = 0; i < target.size(); ++i) {
    const auto c = static_cast<unsigned char>(target[i]);
    if (c <= 0x20 || c >= 0x7F || c == '#') return make_error(ErrorCode::kBadValue, i, "target");
  }
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return TargetParts{target, {}};
  return TargetParts{target.substr(0, q), target.substr(q + 1)};
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return make_error(ErrorCode::kBadValue, i, "escape");
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return make_error(ErrorCode::kBadValue, i, "escape");
      c = static_cast<char>(hi * 16 + lo);
      if (c == '\0') return make_error(ErrorCode::kBadValue, i, "escape");
      i += 2;
    } else if (c == '\0') {
      return make_error(ErrorCode::kBadValue, i, "escape");
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    out.push_back(c);
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const std::string_view raw_name = pair.substr(0, eq);
      const std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      auto name = percent_decode(raw_name, true);
      if (!name) return make_error(ErrorCode::kBadValue, start + name.error().offset, "query");
      auto value = percent_decode(raw_value, true);
      if (!value) return make_error(ErrorCode::kBadValue, start + eq + 1 + value.error().offset, "query");
      out.emplace_back(std::move(name).value(), std::move(value).value());
    }
    start = end + 1;
  }
  return out;
}

Result<std::string_view> parse_bearer(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || !header_name_equals(authorization.substr(0, kScheme.size()), kScheme) ||
      authorization[kScheme.size()] != ' ') {
    return make_error(ErrorCode::kBadValue, 0, "authorization");
  }
  std::size_t i = kScheme.size();
  while (i < authorization.size() && authorization[i] == ' ') ++i;
  const std::size_t begin = i;
  while (i < authorization.size() && is_b64token_char(authorization[i])) ++i;
  if (i == begin) return make_error(ErrorCode::kBadValue, i, "authorization");
  while (i < authorization.size() && authorization[i] == '=') ++i;
  if (i != authorization.size()) return make_error(ErrorCode::kBadValue, i, "authorization");
  return authorization.substr(begin);
}

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

Result<Request> finish_request(Request request) {
  for (auto& header : request.headers) {
    std::transform(header.first.begin(), header.first.end(), header.first.begin(), lower_ascii);
  }
  auto parts = split_target(request.target);
  if (!parts) return parts.error();
  auto path = percent_decode(parts->path, false);
  if (!path) return make_error(ErrorCode::kBadValue, path.error().offset, "path");
  auto query = parse_query(parts->query);
  if (!query) {
    return make_error(ErrorCode::kBadValue, parts->path.size() + 1 + query.error().offset, "query");
  }
  request.path = std::move(path).value();
  request.query = std::move(query).value();
  return request;
}

Result<Request> parse_request(std::string_view bytes, const RequestLimits& limits) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(static_cast<std::uint64_t>(limits.max_body_bytes));
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done()) {
    if (used >= bytes.size()) return make_error(ErrorCode::kMissingField, used, "request");
    const std::size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec == http::error::need_more) {
      // Beast consumes nothing until a whole header is there; with all the
      // bytes given at once, needing more means the request is cut short.
      if (n == 0) return make_error(ErrorCode::kMissingField, used, "request");
      ec = {};
      continue;
    }
    if (ec) return from_beast(ec, used);
    if (n == 0) return make_error(ErrorCode::kMissingField, used, "request");
  }
  http::request<http::string_body> message = parser.release();
  Request request;
  const auto method = message.method_string();
  request.method.assign(method.data(), method.size());
  const auto target = message.target();
  request.target.assign(target.data(), target.size());
  for (const auto& field : message) {
    const auto name = field.name_string();
    const auto value = field.value();
    request.headers.emplace_back(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
  }
  request.body = std::move(message.body());
  return finish_request(std::move(request));
}

RequestLine peek_request_line(std::string_view bytes) noexcept {
  constexpr std::size_t kMaxMethod = 32;
  constexpr std::size_t kMaxTarget = 2048;
  RequestLine line;
  const std::size_t space = bytes.substr(0, kMaxMethod + 1).find(' ');
  if (space == std::string_view::npos || space == 0) return line;
  line.method = bytes.substr(0, space);
  const std::string_view rest = bytes.substr(space + 1, kMaxTarget);
  line.target = rest.substr(0, rest.find_first_of(" \r\n"));
  return line;
}

int http_status_for(const Error& error) noexcept {
  if (error.code == ErrorCode::kLineTooLong && error.field != nullptr) {
    if (std::string_view(error.field) == "header") return 431;
    if (std::string_view(error.field) == "body") return 413;
  }
  return 400;
}

}  // namespace lookout::server
