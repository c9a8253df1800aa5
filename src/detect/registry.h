// The detectors Lookout knows, by name. Adding a detector: write its file,
// then add one line to the table in registry.cc, and its parameters to
// DetectorParams and the table in detector_params.cc.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "detect/detector.h"

namespace lookout::detect {

struct DetectorParams;

struct DetectorInfo {
  std::string_view name;   ///< Also the alert kind it raises.
  std::string_view doc;    ///< One line for --help and the docs.
  std::unique_ptr<Detector> (*make)(const DetectorParams&);  ///< Builds it with its part of the parameters.
};

std::span<const DetectorInfo> detector_table();

// One instance of every detector in the table, in table order, with the
// documented defaults or with `params`.
std::vector<std::unique_ptr<Detector>> make_all_detectors();
std::vector<std::unique_ptr<Detector>> make_all_detectors(const DetectorParams& params);

}  // namespace lookout::detect
