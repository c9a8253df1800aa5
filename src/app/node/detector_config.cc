#include "app/node/detector_config.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

namespace lookout::node {

namespace {

using detect::DetectorParams;
using detect::DetectorParamsInfo;
using detect::ParamInfo;
using detect::ShipTypeRanges;

// Thrown inside this file only: the first problem ends the reading.
struct Problem {
  DetectorConfigProblem p;
};

[[noreturn]] void fail(const toml::node& n, std::string key, std::string what) {
  throw Problem{{n.source(), std::move(key), std::move(what)}};
}

// A whole number from 0 to `max`.
int64_t whole(const toml::node& n, const std::string& key, int64_t max) {
  if (!n.is_integer()) fail(n, key, "must be a whole number");
  int64_t v = n.as_integer()->get();
  if (v < 0 || v > max) fail(n, key, "must be from 0 to " + std::to_string(max));
  return v;
}

template <typename Duration>
Duration duration(const toml::node& n, const std::string& key) {
  constexpr std::string_view kHint = "must be a duration such as \"600s\", \"10min\" or \"2h\"";
  if (!n.is_string()) fail(n, key, std::string(kHint));
  auto ms = detect::parse_duration_ms(n.as_string()->get());
  if (!ms) fail(n, key, "'" + n.as_string()->get() + "' " + std::string(kHint));
  auto exact = std::chrono::milliseconds(*ms);
  auto d = std::chrono::duration_cast<Duration>(exact);
  if (std::chrono::duration_cast<std::chrono::milliseconds>(d) != exact) {
    auto unit_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Duration(1)).count();
    const char* unit = unit_ms == 1 ? "milliseconds" : unit_ms == 1000 ? "seconds" : unit_ms == 60000 ? "minutes" : "hours";
    fail(n, key, "'" + n.as_string()->get() + "' is not a whole number of " + unit);
  }
  return d;
}

ShipTypeRanges ship_types(const toml::node& n, const std::string& key) {
  constexpr std::string_view kHint = "must be a list of ITU ship types and ranges, e.g. [30, [36, 37], [50, 59]]";
  if (!n.is_array()) fail(n, key, std::string(kHint));
  ShipTypeRanges out;
  for (const toml::node& item : *n.as_array()) {
    if (item.is_integer()) {
      auto t = static_cast<uint8_t>(whole(item, key, 255));
      out.emplace_back(t, t);
      continue;
    }
    const toml::array* pair = item.as_array();
    if (pair == nullptr || pair->size() != 2) fail(item, key, std::string(kHint));
    auto first = static_cast<uint8_t>(whole(*pair->get(0), key, 255));
    auto last = static_cast<uint8_t>(whole(*pair->get(1), key, 255));
    if (first > last) fail(item, key, "a range [first, last] must not end before it starts");
    out.emplace_back(first, last);
  }
  return out;
}

// Sets one parameter from its TOML value, by the parameter's type.
void set(const ParamInfo& info, const toml::node& n, const std::string& key, DetectorParams& params) {
  std::visit(
      [&](auto* member) {
        using T = std::remove_pointer_t<decltype(member)>;
        if constexpr (std::is_same_v<T, double>) {
          double v = 0;
          if (n.is_integer()) {
            v = static_cast<double>(n.as_integer()->get());
          } else if (n.is_floating_point()) {
            v = n.as_floating_point()->get();
          } else {
            fail(n, key, "must be a number");
          }
          if (!std::isfinite(v) || v < 0) fail(n, key, "must be a finite number, 0 or above");
          *member = v;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!n.is_boolean()) fail(n, key, "must be true or false");
          *member = n.as_boolean()->get();
        } else if constexpr (std::is_same_v<T, ShipTypeRanges>) {
          *member = ship_types(n, key);
        } else if constexpr (std::is_integral_v<T>) {
          constexpr auto kMax = std::min<uint64_t>(std::numeric_limits<T>::max(), std::numeric_limits<int64_t>::max());
          *member = static_cast<T>(whole(n, key, static_cast<int64_t>(kMax)));
        } else {
          *member = duration<T>(n, key);
        }
      },
      info.ref(params));
}

std::string known_keys(const DetectorParamsInfo& info) {
  std::string out;
  for (const auto& p : info.params) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

// Every value under `table`, with its dotted name ("gate.min_hits").
void apply(const toml::table& table, const std::string& prefix, const DetectorParamsInfo& info,
           DetectorParams& params) {
  for (auto&& [k, value] : table) {
    std::string name = prefix + std::string(k.str());
    if (const toml::table* sub = value.as_table()) {
      apply(*sub, name + ".", info, params);
      continue;
    }
    std::string key = std::string(info.detector) + "." + name;
    const ParamInfo* param = nullptr;
    for (const auto& p : info.params) {
      if (p.name == name) param = &p;
    }
    if (param == nullptr) {
      throw Problem{{k.source(), "", "unknown key '" + key + "' (known: " + known_keys(info) + ")"}};
    }
    set(*param, value, key, params);
  }
}

}  // namespace

std::optional<DetectorConfigProblem> apply_detector_tables(const toml::table& detectors,
                                                           detect::DetectorParams& params) {
  try {
    for (auto&& [k, value] : detectors) {
      const DetectorParamsInfo* info = detect::find_detector_params(k.str());
      if (info == nullptr) {
        std::string known;
        for (const auto& d : detect::detector_params_table()) {
          if (!known.empty()) known += ", ";
          known += d.detector;
        }
        throw Problem{{k.source(), "", "unknown detector '" + std::string(k.str()) + "' (known: " + known + ")"}};
      }
      const toml::table* table = value.as_table();
      if (table == nullptr) fail(value, std::string(k.str()), "must be a table of the detector's parameters");
      apply(*table, "", *info, params);
    }
  } catch (const Problem& e) {
    return e.p;
  }
  if (auto why = detect::detector_params_problem(params)) return DetectorConfigProblem{detectors.source(), "", *why};
  return std::nullopt;
}

}  // namespace lookout::node
