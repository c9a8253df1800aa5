// `lookout replay [--infra FILE]... [--watchlist FILE] [--alerts OUT] FILE...`:
// the whole maritime pipeline over recorded data, on event time, as fast as
// the machine allows. Alerts go to OUT (JSON Lines; '-' = stdout); a progress
// bar is drawn on a terminal and a summary printed at the end. A write that
// fails (alerts, tracks or the store) ends the run with exit code 3 and the
// reason (cli/exit_codes.h).
//
// Every input - AIS in any format, JSON Lines sensor detections - is merged
// into one event-time order (src/app/input_merge.h) with a reorder window
// (`--reorder-window`, 60 s by default), so several receivers' logs of the
// same hours, or one recording split into files, give the alerts of the
// whole, whatever their order on the command line. Items go to the engines
// of src/app/pipeline.h: the maritime engine and the air engine
// beside it, which shares its picture and alert book. `--sensors FILE`
// (repeatable) configures the sensors; `--tracks OUT` writes every air
// track update.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/air_engine.h"
#include "app/input_merge.h"
#include "app/pipeline.h"
#include "app/sensors_file.h"
#include "app/engine.h"
#include "app/output_file.h"
#include "app/store_recorder.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "decode/sniff.h"
#include "detect/watchlist.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "store/store.h"
#include "track/air/track_state_json.h"

#ifndef LOOKOUT_DATA_DIR
#define LOOKOUT_DATA_DIR "data"
#endif

namespace lookout::cli {

namespace {

struct ReplayOptions {
  std::vector<std::string> files;
  std::vector<std::string> infra;
  std::vector<std::string> watchlists;
  std::string alerts_out;
  std::string store;
  std::string owner;
  std::vector<std::string> releasable_to;
  std::vector<std::string> sensors;
  std::string tracks_out;
  double reorder_window_s = 60;
  bool no_progress = false;
};

// Progress on stderr when it is a terminal: the file, messages and alerts so
// far, and the rate. Redrawn at most five times a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(2) != 0) {}
  void start(const std::string& name) {
    name_ = name;
    begin_ = last_ = std::chrono::steady_clock::now();
  }
  void update(uint64_t messages, uint64_t alerts) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - begin_).count();
    std::fprintf(stderr, "\r%-32.32s %12llu msgs %8llu alerts %7.2f M msgs/s", name_.c_str(),
                 static_cast<unsigned long long>(messages), static_cast<unsigned long long>(alerts),
                 secs > 0 ? static_cast<double>(messages) / secs / 1e6 : 0.0);
  }
  void done() {
    if (enabled_) std::fprintf(stderr, "\r%*s\r", 90, "");
  }

 private:
  bool enabled_;
  std::string name_;
  std::chrono::steady_clock::time_point begin_, last_;
};

int run_replay(ReplayOptions& opt) {
  if (opt.infra.empty()) opt.infra.push_back(std::string(LOOKOUT_DATA_DIR) + "/assets/baltic_north_sea.geojson");

  // Assets
  std::vector<Asset> assets;
  for (const auto& path : opt.infra) {
    auto loaded = load_assets_file(path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "lookout replay: %s\n", loaded.error().message.c_str());
      return 2;
    }
    for (auto& a : loaded.value().assets) assets.push_back(std::move(a));
  }
  AssetIndex index(std::move(assets));

  // Watch lists
  std::unique_ptr<detect::Watchlist> watchlist;
  for (const auto& path : opt.watchlists) {
    if (!watchlist) watchlist = std::make_unique<detect::Watchlist>();
    std::string error;
    if (!watchlist->load_csv(path, error)) {
      std::fprintf(stderr, "lookout replay: %s\n", error.c_str());
      return 2;
    }
  }

  // Alert and track output: every write checked, closed at the end. Both
  // to "-" share one writer, so their lines never interleave mid-line.
  std::vector<std::unique_ptr<OutputFile>> outputs;
  auto open_output = [&](const std::string& path) -> OutputFile* {
    if (path.empty()) return nullptr;
    if (path == "-") {
      for (auto& o : outputs) {
        if (o->name() == "standard output") return o.get();
      }
    }
    auto opened = OutputFile::open(path);
    if (!opened.ok()) {
      std::fprintf(stderr, "lookout: %s\n", opened.status().message().c_str());
      return nullptr;
    }
    outputs.push_back(std::move(*opened));
    return outputs.back().get();
  };
  OutputFile* out = open_output(opt.alerts_out);
  if (!opt.alerts_out.empty() && out == nullptr) return kExitUsage;
  // History store
  std::unique_ptr<store::Store> history;
  std::unique_ptr<StoreRecorder> recorder;
  if (!opt.store.empty()) {
    std::string error;
    history = store::open_store(opt.store, {}, error);
    if (!history) {
      std::fprintf(stderr, "lookout replay: %s\n", error.c_str());
      return 2;
    }
    Marking input_marking{opt.owner, opt.releasable_to};
    recorder = std::make_unique<StoreRecorder>(*history, input_marking);
  }

  uint64_t alert_lines = 0;
  auto sink = [&](const alert::Alert& a) {
    ++alert_lines;
    if (out != nullptr) out->write_line(alert::to_json_line(a));
    if (recorder) recorder->on_alert(a);
  };

  // Air sensors
  std::vector<air::SensorConfig> sensors;
  for (const auto& path : opt.sensors) {
    auto loaded = load_sensors_file(path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "lookout replay: %s: %s\n", path.c_str(), describe_sensors_error(loaded.error()).c_str());
      return 2;
    }
    for (auto& c : loaded.value()) sensors.push_back(c);
  }

  // Track output
  OutputFile* tracks_out = open_output(opt.tracks_out);
  if (!opt.tracks_out.empty() && tracks_out == nullptr) return kExitUsage;

  // Every input, merged in event-time order.
  int exit_code = 0;
  if (!(opt.reorder_window_s >= 0) || opt.reorder_window_s > 1e9) {
    std::fprintf(stderr, "lookout replay: --reorder-window must be a number of seconds, 0 or more\n");
    return kExitUsage;
  }
  MergeParams merge_params;
  merge_params.window = std::chrono::milliseconds(std::llround(opt.reorder_window_s * 1000));
  InputMerge merge(merge_params);
  for (const auto& path : opt.files) {
    auto added = merge.add(path);
    if (!added.ok()) {
      exit_code = kExitInput;
      std::fprintf(stderr, "lookout replay: %s: %s\n", path.c_str(),
                   added.error().code == ErrorCode::kIoError ? "cannot be read" : "not a recognised format");
    }
  }

  PipelineParams params;
  params.engine.alerts.default_marking.owner = opt.owner;
  params.engine.alerts.default_marking.releasable_to = opt.releasable_to;
  params.sensors = sensors;
  Pipeline pipeline(params, index, watchlist.get(), sink);
  Engine& engine = pipeline.engine();
  AirEngine& air_engine = *pipeline.air();  // replay always has an air picture
  if (recorder) engine.set_listener(recorder.get());
  if (tracks_out != nullptr) {
    air_engine.set_track_listener([&](const air::TrackState& s) { tracks_out->write_line(air::track_state_json_line(s)); });
  }

  Progress progress(!opt.no_progress);
  progress.start(merge.size() == 1 ? merge.source(0).path() : std::to_string(merge.size()) + " inputs");
  auto start = std::chrono::steady_clock::now();
  pipeline.run(merge, [&] { progress.update(engine.counts().observations, alert_lines); });
  DecodeStats stats;
  DecodeStats det_stats;
  DecodeStats coop_stats;
  bool any_detections = false;
  bool any_cooperative = false;
  DecodeStats rid_stats;
  bool any_remote_id = false;
  for (std::size_t i = 0; i < merge.size(); ++i) {
    const InputSource& src = merge.source(i);
    if (src.is_detections()) {
      det_stats.merge(src.stats());
      any_detections = true;
    } else if (src.format() == InputFormat::kRemoteId) {
      rid_stats.merge(src.stats());
      any_remote_id = true;
    } else if (src.is_cooperative()) {
      coop_stats.merge(src.stats());
      any_cooperative = true;
    } else {
      stats.merge(src.stats());
    }
    if (!src.error().empty()) {
      exit_code = kExitInput;
      std::fprintf(stderr, "lookout replay: %s: %s\n", src.path().c_str(), src.error().c_str());
    }
  }
  progress.done();
  // Incomplete output or history outranks an unreadable input: say why.
  for (auto& o : outputs) {
    Status written = o->close();
    if (!written.ok()) {
      std::fprintf(stderr, "lookout: %s\n", written.message().c_str());
      exit_code = kExitIncomplete;
    }
  }
  if (recorder) {
    Status committed = recorder->flush();
    if (!committed.ok()) {
      std::fprintf(stderr, "lookout: history incomplete: %s\n", committed.message().c_str());
      exit_code = kExitIncomplete;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const auto& c = engine.counts();
  std::fprintf(stderr, "lookout replay: %llu lines, %llu messages (%llu rejected), %zu vessels, %.2f s, %.2f M msgs/s\n",
               static_cast<unsigned long long>(stats.lines()),
               static_cast<unsigned long long>(c.observations),
               static_cast<unsigned long long>(stats.total_errors()), engine.picture().size(), secs,
               secs > 0 ? static_cast<double>(c.observations) / secs / 1e6 : 0.0);
  std::fprintf(stderr, "  positions %llu, duplicates %llu, late %llu, jumps %llu, static %llu\n",
               static_cast<unsigned long long>(c.positions), static_cast<unsigned long long>(c.duplicates),
               static_cast<unsigned long long>(c.late), static_cast<unsigned long long>(c.jumps),
               static_cast<unsigned long long>(c.statics));
  if (merge.size() > 1 || merge.counts().late > 0) {
    std::fprintf(stderr, "  merged %zu inputs in event-time order (reorder window %g s): %llu items later than the window, applied late; at most %zu held\n",
                 merge.size(), opt.reorder_window_s, static_cast<unsigned long long>(merge.counts().late),
                 merge.counts().peak_buffered);
  }
  if (any_detections && det_stats.lines() > 0) {
    const auto& ds = det_stats;
    const auto& ts = air_engine.tracker().stats();
    std::string rejects;
    for (std::size_t i = 0; i < kErrorCodeCount; ++i) {
      auto code = static_cast<ErrorCode>(i);
      if (code == ErrorCode::kEmptyLine || ds.errors(code) == 0) continue;
      rejects += (rejects.empty() ? "" : ", ") + std::string(to_string(code)) + " " + std::to_string(ds.errors(code));
    }
    std::fprintf(stderr, "  detections: %llu lines, %llu accepted, %llu rejected%s%s%s\n",
                 static_cast<unsigned long long>(ds.lines()), static_cast<unsigned long long>(air_engine.detections()),
                 static_cast<unsigned long long>(ds.total_errors() - ds.errors(ErrorCode::kEmptyLine)),
                 rejects.empty() ? "" : " (", rejects.c_str(), rejects.empty() ? "" : ")");
    for (const auto& s : ds.samples()) {
      std::fprintf(stderr, "    %s: %.80s\n", s.error.message().c_str(), s.input.c_str());
    }
    for (const auto& [sensor, n] : air_engine.unknown_sensors()) {
      std::fprintf(stderr, "  %llu range/bearing detections from sensor '%s' rejected: not in any --sensors file, so they cannot be placed\n",
                   static_cast<unsigned long long>(n), sensor.c_str());
    }
    std::fprintf(stderr, "  air: %llu scans, %llu tracks started, %llu confirmed, %llu track updates; dropped %llu late, %llu invalid, %llu overflow\n",
                 static_cast<unsigned long long>(ts.scans), static_cast<unsigned long long>(ts.tracks_started),
                 static_cast<unsigned long long>(ts.tracks_confirmed),
                 static_cast<unsigned long long>(air_engine.track_updates()),
                 static_cast<unsigned long long>(ts.late), static_cast<unsigned long long>(ts.invalid),
                 static_cast<unsigned long long>(ts.overflow));
  }
  if (any_cooperative) {
    const auto& cs = air_engine.cooperative().stats();
    std::fprintf(stderr, "  adsb (SBS-1): %llu lines, %llu reports, %llu rejected; %llu cooperative tracks, %llu radar tracks tied to one\n",
                 static_cast<unsigned long long>(coop_stats.lines()), static_cast<unsigned long long>(coop_stats.messages()),
                 static_cast<unsigned long long>(coop_stats.total_errors()),
                 static_cast<unsigned long long>(cs.targets_started), static_cast<unsigned long long>(cs.ties));
    for (const auto& s : coop_stats.samples()) {
      std::fprintf(stderr, "    %s: %.80s\n", s.error.message().c_str(), s.input.c_str());
    }
  }
  if (any_remote_id) {
    std::fprintf(stderr, "  remote_id: %llu lines, %llu payloads, %llu rejected, %llu pack messages skipped\n",
                 static_cast<unsigned long long>(rid_stats.lines()), static_cast<unsigned long long>(rid_stats.messages()),
                 static_cast<unsigned long long>(rid_stats.total_errors()),
                 static_cast<unsigned long long>(rid_stats.warnings(ErrorCode::kUnknownMessageType)));
    for (const auto& s : rid_stats.samples()) {
      std::fprintf(stderr, "    %s: %.80s\n", s.error.message().c_str(), s.input.c_str());
    }
  }
  std::string by_kind;
  for (const auto& [kind, count] : engine.alerts().opened_by_kind()) {
    by_kind += (by_kind.empty() ? "" : ", ") + kind + " " + std::to_string(count);
  }
  std::fprintf(stderr, "  alerts: %s; %llu updates, %llu retracted\n", by_kind.empty() ? "none" : by_kind.c_str(),
               static_cast<unsigned long long>(engine.alerts().updates()),
               static_cast<unsigned long long>(engine.alerts().retracted()));
  if (recorder) {
    std::fprintf(stderr, "  store %s: %llu positions, %llu static reports, %llu alert states written\n",
                 opt.store.c_str(), static_cast<unsigned long long>(recorder->positions()),
                 static_cast<unsigned long long>(recorder->statics()),
                 static_cast<unsigned long long>(recorder->alerts()));
  }
  return exit_code;
}

}  // namespace

Run add_replay(CLI::App& app) {
  auto opt = std::make_shared<ReplayOptions>();
  auto* cmd = app.add_subcommand("replay", "Run the whole pipeline over recorded data and write alerts");
  cmd->footer(kExitCodesHelp);
  cmd->add_option("files", opt->files, "AIS files (NMEA, DMA/Kystverket CSV, Digitraffic JSON), JSON Lines sensor detections and SBS-1 ADS-B text")->required();
  cmd->add_option("--sensors", opt->sensors, "Air sensors JSON file (repeatable; see src/app/sensors_file.h)")
      ->allow_extra_args(false);  // one file per --sensors: the input files may follow
  cmd->add_option("--tracks", opt->tracks_out, "Write air track states as JSON Lines to this file ('-' = stdout)");
  cmd->add_option("--infra", opt->infra, "Asset GeoJSON (repeatable; default: the bundled Baltic/North Sea file)")
      ->allow_extra_args(false);
  cmd->add_option("--watchlist", opt->watchlists, "Watch list CSV imo,mmsi,name,reason (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--alerts", opt->alerts_out, "Write alerts as JSON Lines to this file ('-' = stdout)");
  cmd->add_option("--store", opt->store, "History store (SQLite path or postgresql:// URL)");
  cmd->add_option("--owner", opt->owner, "Nation (ISO 3166 alpha-3) owning alerts that name no asset");
  cmd->add_option("--releasable-to", opt->releasable_to, "Nations or groups those alerts are released to")
      ->allow_extra_args(false);
  cmd->add_option("--reorder-window", opt->reorder_window_s,
                  "Seconds of event time an input may be out of order; inputs are merged in event-time order (default 60)");
  cmd->add_flag("--no-progress", opt->no_progress, "Never draw the progress bar");
  return [opt] { return run_replay(*opt); };
}

}  // namespace lookout::cli
