#include "tests/determinism/recording_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "alert/alert.h"
#include "app/pipeline.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"

namespace lookout::testing_support {

namespace {

// True when `line` is an AIS sentence that more sentences of the same message follow.
bool continues(const std::string& line) {
  if (line.rfind("$PGHP", 0) == 0) return true;  // the wrapper, then its sentence
  auto bang = line.find('!');
  if (bang == std::string::npos) return false;
  // !xxVDM,<count>,<number>,...
  auto c1 = line.find(',', bang);
  if (c1 == std::string::npos) return false;
  auto c2 = line.find(',', c1 + 1);
  auto c3 = c2 == std::string::npos ? c2 : line.find(',', c2 + 1);
  if (c3 == std::string::npos) return false;
  int count = std::atoi(line.c_str() + c1 + 1);
  int number = std::atoi(line.c_str() + c2 + 1);
  return number < count;
}

std::optional<int64_t> tag_time(const std::string& line) {
  if (line.empty() || line[0] != '\\') return std::nullopt;
  auto end = line.find('\\', 1);
  auto c = line.find("c:", 1);
  if (c == std::string::npos || c > end) return std::nullopt;
  return std::strtoll(line.c_str() + c + 2, nullptr, 10);
}

const AssetIndex& bundled_assets() {
  static const AssetIndex index = [] {
    auto loaded = load_assets_file(std::string(LOOKOUT_SOURCE_DIR) + "/data/assets/baltic_north_sea.geojson");
    if (!loaded.ok()) std::abort();
    return AssetIndex(std::move(loaded.value().assets));
  }();
  return index;
}

}  // namespace

Replayed replay_in_process(const std::vector<std::string>& files, const std::vector<air::SensorConfig>& sensors,
                           MergeParams merge_params) {
  Replayed r;
  PipelineParams params;
  params.sensors = sensors;
  Pipeline pipeline(params, bundled_assets(), nullptr, [&](const alert::Alert& a) {
    r.alerts += alert::to_json_line(a);
    r.alerts += '\n';
  });
  InputMerge merge(merge_params);
  for (const auto& f : files) EXPECT_TRUE(merge.add(f).ok()) << f;
  pipeline.run(merge, [] {});
  r.late = merge.counts().late;
  r.positions = pipeline.engine().counts().positions;
  return r;
}

Recording read_recording(const std::string& path) {
  Recording rec;
  rec.extension = std::filesystem::path(path).extension().string();
  const bool csv = rec.extension == ".csv";
  std::ifstream in(path, std::ios::binary);
  std::string line;
  bool first = true;
  std::string open;  // a record still being read
  std::optional<int64_t> open_time;
  while (std::getline(in, line)) {
    if ((first && csv) || (open.empty() && rec.records.empty() && !line.empty() && line[0] == '#')) {
      rec.header += line + "\n";
      first = false;
      continue;
    }
    first = false;
    if (open.empty()) open_time = tag_time(line);
    open += line + "\n";
    if (!continues(line)) {
      rec.records.push_back(std::move(open));
      rec.times.push_back(open_time);
      open.clear();
    }
  }
  if (!open.empty()) {
    rec.records.push_back(std::move(open));
    rec.times.push_back(open_time);
  }
  return rec;
}

}  // namespace lookout::testing_support
