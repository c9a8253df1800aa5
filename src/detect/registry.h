// The detectors Lookout knows, by name. Adding a detector: write its file,
// then add one line to the table in registry.cc.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "detect/detector.h"

namespace lookout::detect {

struct DetectorInfo {
  std::string_view name;   ///< Also the alert kind it raises.
  std::string_view doc;    ///< One line for --help and the docs.
  std::unique_ptr<Detector> (*make)();  ///< Builds it with default parameters.
};

std::span<const DetectorInfo> detector_table();

// One instance of every detector in the table, in table order.
std::vector<std::unique_ptr<Detector>> make_all_detectors();

}  // namespace lookout::detect
