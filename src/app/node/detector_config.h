// The detector tables of the node configuration: [detectors.NAME] for every
// partition and [partition.detectors.NAME] for one (config.h). Each key is a
// parameter of detector NAME as detect/detector_params.h names it; unknown
// detectors and keys, wrong types and values out of range are refused.
#pragma once

#include <optional>
#include <string>
#include <toml++/toml.h>

#include "detect/detector_params.h"

namespace lookout::node {

struct DetectorConfigProblem {
  toml::source_region where;  ///< Of the offending key or table.
  std::string key;            ///< "anchor_drag.min_slow"; empty when the problem is the table's.
  std::string what;           ///< What is wrong, one sentence.
};

// Sets the parameters `detectors` (the table whose keys are detector names)
// gives onto `params`, leaving the others as they were, then checks that the
// values fit together. Returns the first problem, or nothing.
std::optional<DetectorConfigProblem> apply_detector_tables(const toml::table& detectors,
                                                           detect::DetectorParams& params);

}  // namespace lookout::node
