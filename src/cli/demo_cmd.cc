// `lookout demo`: decodes the bundled real AIS samples (data/ais/) and prints
// what they hold. The live node with the map replaces this when it lands.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/ais_input.h"
#include "app/ais_summary.h"
#include "cli/commands.h"

#ifndef LOOKOUT_DATA_DIR
#define LOOKOUT_DATA_DIR "data"
#endif

namespace lookout::cli {

namespace {

int run_demo(std::string data_dir) {
  namespace fs = std::filesystem;
  fs::path ais_dir = fs::path(data_dir) / "ais";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ais_dir, ec)) {
    auto ext = entry.path().extension().string();
    if (ext == ".nmea" || ext == ".csv" || ext == ".json") files.push_back(entry.path());
  }
  if (ec || files.empty()) {
    std::fprintf(stderr, "lookout demo: no AIS samples in %s (set --data)\n", ais_dir.c_str());
    return 1;
  }
  std::sort(files.begin(), files.end());

  std::printf("Lookout demo: decoding the bundled real AIS samples in %s\n", ais_dir.c_str());
  std::printf("(provenance and licences: %s/SOURCES.md)\n\n", data_dir.c_str());
  AisSummary all;
  DecodeStats all_stats;
  auto start = std::chrono::steady_clock::now();
  for (const auto& file : files) {
    AisSummary one;
    auto run = decode_ais_file(file.string(), InputFormat::kUnknown, [&](const AisObservation& obs) {
      one.add(obs);
      all.add(obs);
    });
    if (!run.ok()) {
      std::printf("%s: %s\n\n", file.filename().c_str(), run.error().message().c_str());
      continue;
    }
    std::printf("== %s (%s, %llu bytes)\n", file.filename().c_str(), to_string(run->format),
                static_cast<unsigned long long>(run->bytes));
    std::fputs(one.report(run->stats, 0).c_str(), stdout);
    std::printf("\n");
    all_stats.merge(run->stats);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("== all samples\n%s", all.report(all_stats, seconds).c_str());
  std::printf("\nNext: `lookout decode FILE` prints every message as JSON (gpsd field names).\n");
  return 0;
}

}  // namespace

Run add_demo(CLI::App& app) {
  auto data_dir = std::make_shared<std::string>();
  const char* env = std::getenv("LOOKOUT_DATA");
  *data_dir = env != nullptr ? env : LOOKOUT_DATA_DIR;
  auto* cmd = app.add_subcommand("demo", "Run the bundled demo on real data");
  cmd->add_option("--data", *data_dir, "Folder with the bundled data")->capture_default_str();
  return [data_dir] { return run_demo(*data_dir); };
}

}  // namespace lookout::cli
