#include "store/store_text.h"

#include <algorithm>
#include <charconv>

namespace lookout::store {

std::string join_codes(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out += ',';
    out += c;
  }
  return out;
}

std::vector<std::string> split_codes(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string join_mmsi(const std::vector<uint32_t>& mmsi) {
  std::string out;
  for (uint32_t m : mmsi) {
    if (!out.empty()) out += ',';
    out += std::to_string(m);
  }
  return out;
}

std::vector<uint32_t> split_mmsi(std::string_view text) {
  std::vector<uint32_t> out;
  for (const auto& part : split_codes(text)) {
    uint32_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec == std::errc() && p == part.data() + part.size()) out.push_back(v);
  }
  return out;
}

std::vector<FieldChange> static_changes(const track::VesselStatic& before, const track::VesselStatic& after) {
  std::vector<FieldChange> out;
  auto text = [&](const char* field, std::string_view a, std::string_view b) {
    if (!b.empty() && a != b) out.push_back({field, std::string(a), std::string(b)});
  };
  auto number = [&](const char* field, uint32_t a, uint32_t b) {
    if (b != 0 && a != b) out.push_back({field, a ? std::to_string(a) : std::string(), std::to_string(b)});
  };
  number("imo", before.imo, after.imo);
  text("name", before.name.view(), after.name.view());
  text("callsign", before.callsign.view(), after.callsign.view());
  number("shiptype", before.shiptype, after.shiptype);
  text("destination", before.destination.view(), after.destination.view());
  auto dims = [](const ais::Dimensions& d) {
    return std::to_string(d.to_bow) + "/" + std::to_string(d.to_stern) + "/" + std::to_string(d.to_port) + "/" +
           std::to_string(d.to_starboard);
  };
  if (after.length_m() != 0 && dims(before.dim) != dims(after.dim)) {
    out.push_back({"dimensions", before.length_m() ? dims(before.dim) : std::string(), dims(after.dim)});
  }
  return out;
}

}  // namespace lookout::store
