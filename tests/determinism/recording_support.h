// Recordings cut into records, for the tests that split and shuffle them
// (tests/determinism/): a record is what one receiver hears whole - one line,
// a multi-sentence AIS message with its tag blocks, or a $PGHP wrapper with
// its sentence - and the header (comments, a CSV's column line) is what every
// piece of a split needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/input_merge.h"
#include "track/air/air_tracker.h"

namespace lookout::testing_support {

struct Recording {
  std::string header;                       // lines every piece starts with
  std::vector<std::string> records;         // each with its line terminators
  std::vector<std::optional<int64_t>> times;  // a record's tag block `c:` (seconds), when it has one
  std::string extension;                    // ".nmea", ".csv", ".jsonl", ...
};

Recording read_recording(const std::string& path);

struct Replayed {
  std::string alerts;      // the JSON Lines `lookout replay --alerts` writes
  uint64_t late = 0;       // items the merge handed out after a later one
  uint64_t positions = 0;  // positions the picture took
};

// Replays `files` in process through the merge and engines of `lookout
// replay` (src/app/pipeline.h), with the bundled assets.
Replayed replay_in_process(const std::vector<std::string>& files, const std::vector<air::SensorConfig>& sensors = {},
                           MergeParams merge = {});

}  // namespace lookout::testing_support
