#include "server/api/detector_params_json.h"

#include <chrono>
#include <string>
#include <type_traits>
#include <variant>

namespace lookout::server {

namespace {

nlohmann::json value_json(detect::ParamRef ref) {
  return std::visit(
      [](auto* member) -> nlohmann::json {
        using T = std::remove_pointer_t<decltype(member)>;
        if constexpr (std::is_same_v<T, detect::ShipTypeRanges>) {
          auto list = nlohmann::json::array();
          for (auto [first, last] : *member) list.push_back({first, last});
          return list;
        } else if constexpr (std::is_arithmetic_v<T>) {
          return *member;
        } else {
          return detect::format_duration_ms(std::chrono::duration_cast<std::chrono::milliseconds>(*member).count());
        }
      },
      ref);
}

}  // namespace

nlohmann::json detector_params_json(const detect::DetectorParams& params) {
  // The table hands out mutable references; a copy keeps `params` const.
  detect::DetectorParams copy = params;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& info : detect::detector_params_table()) {
    nlohmann::json& detector = out[std::string(info.detector)];
    detector = nlohmann::json::object();
    for (const auto& p : info.params) {
      nlohmann::json* at = &detector;
      std::string_view name = p.name;
      for (auto dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.')) {
        at = &(*at)[std::string(name.substr(0, dot))];
        name.remove_prefix(dot + 1);
      }
      (*at)[std::string(name)] = value_json(p.ref(copy));
    }
  }
  return out;
}

}  // namespace lookout::server
