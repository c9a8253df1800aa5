#include "server/api/query_params.h"

#include <charconv>
#include <cmath>

namespace lookout::server {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<uint64_t> parse_uint(std::string_view s) {
  uint64_t v = 0;
  if (s.empty() || s.size() > 19) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<store::BBox> parse_bbox(std::string_view s) {
  double v[4];
  for (int i = 0; i < 4; ++i) {
    std::size_t comma = s.find(',');
    if ((i < 3) != (comma != std::string_view::npos)) return std::nullopt;
    auto d = parse_double(s.substr(0, comma));
    if (!d) return std::nullopt;
    v[i] = *d;
    s = i < 3 ? s.substr(comma + 1) : std::string_view{};
  }
  store::BBox b{v[1], v[0], v[3], v[2]};
  if (!b.valid()) return std::nullopt;
  return b;
}

}  // namespace lookout::server
