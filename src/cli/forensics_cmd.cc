// `lookout forensics crossings|near|track|fault`: ranked answers from the history
// store written by `lookout replay --store` (or the live node). A table on a
// terminal, JSON with --json. Every query is written to the store's audit log.
// A store that fails to read (busy, damaged, gone) or to record the audit
// entry ends the command with exit code 3 and the reason, never a shorter
// answer that looks complete.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/output_file.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/time.h"
#include "detect/watchlist.h"
#include "forensics/fault.h"
#include "forensics/forensics.h"
#include "geo/intercept.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "store/store.h"

#ifndef LOOKOUT_DATA_DIR
#define LOOKOUT_DATA_DIR "data"
#endif

namespace lookout::cli {

namespace {

struct ForensicsOptions {
  std::string store;
  std::string from, to;
  bool json = false;
  std::size_t limit = 50;
  // crossings
  std::string asset;
  std::vector<std::string> infra;
  std::vector<std::string> watchlists;
  bool no_watchlist = false;
  // crossings, near
  std::string at;
  double radius_km = -1;
  // track
  uint32_t mmsi = 0;
  // fault
  double distance_km = -1;
  std::vector<std::string> units;  // "ID,LAT,LON,TOP_KNOTS"
  std::string now;                 // the time intercepts are solved for; default the wall clock
};

// What the command prints on standard output, written whole at the end
// through an OutputFile so that a failed write is caught with its reason.
std::string& out_text() {
  static std::string text;
  return text;
}

__attribute__((format(printf, 1, 2))) void print(const char* format, ...) {
  char buf[1024];
  va_list args;
  va_start(args, format);
  int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  if (n < 0) return;
  if (static_cast<std::size_t>(n) < sizeof buf) {
    out_text().append(buf, static_cast<std::size_t>(n));
    return;
  }
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  va_start(args, format);
  std::vsnprintf(big.data(), big.size(), format, args);
  va_end(args);
  big.resize(static_cast<std::size_t>(n));
  out_text() += big;
}

// Writes what the command printed; kExitIncomplete with the reason when it
// cannot be written, else `code`.
int write_out(int code) {
  auto out = OutputFile::open("-");
  Status written = out.status();
  if (out.ok()) {
    (*out)->buffer() = std::move(out_text());
    written = (*out)->close();
  }
  if (written.ok()) return code;
  std::fprintf(stderr, "lookout: %s\n", written.message().c_str());
  return kExitIncomplete;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "lookout forensics: %s\n", message.c_str());
  return kExitUsage;
}

// A query the store could not answer whole.
int store_failed(const Status& s) {
  std::fprintf(stderr, "lookout: %s\n", s.message().c_str());
  return kExitIncomplete;
}

bool parse_time(const std::string& text, const char* what, int64_t& out, std::string& error) {
  auto t = parse_timestamp(text);
  if (!t.ok()) {
    error = std::string(what) + " '" + text + "' is not an ISO 8601 UTC time (e.g. 2024-12-25T10:00:00Z)";
    return false;
  }
  out = to_unix_ms(t.value());
  return true;
}

bool parse_latlon(const std::string& text, LatLon& out, std::string& error) {
  auto comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    std::size_t used = 0;
    out.lat = std::stod(text.substr(0, comma), &used);
    if (used != comma) throw std::invalid_argument("lat");
    std::string lon = text.substr(comma + 1);
    out.lon = std::stod(lon, &used);
    if (used != lon.size()) throw std::invalid_argument("lon");
  } catch (const std::exception&) {
    error = "--at '" + text + "' is not LAT,LON in decimal degrees (e.g. 59.95,25.97)";
    return false;
  }
  if (!out.valid()) {
    error = "--at '" + text + "' is outside -90..90, -180..180";
    return false;
  }
  return true;
}

std::unique_ptr<store::Store> open_for_query(const std::string& where, std::string& error) {
  if (where.empty()) {
    error = "--store is required (a SQLite file or a postgresql:// URL)";
    return nullptr;
  }
  bool url = where.starts_with("postgresql://") || where.starts_with("postgres://");
  if (!url && !std::filesystem::exists(where)) {
    error = "store " + where + " does not exist (write one with `lookout replay --store " + where + " FILE...`)";
    return nullptr;
  }
  return store::open_store(where, {}, error);
}

std::string principal() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != 0 ? user : "local";
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Records the query in the audit log; kExitIncomplete (with the reason on
// stderr) when the entry could not be written, else `code`.
int audit(store::Store& s, const std::string& action, const std::string& target, const std::string& outcome,
          int code = kExitOk) {
  s.add_audit({now_ms(), principal(), "", action, target, outcome, 0, "", ""});
  Status committed = s.commit();
  if (committed.ok()) return code;
  std::fprintf(stderr, "lookout: history incomplete: the audit log entry was not written: %s\n",
               committed.message().c_str());
  return kExitIncomplete;
}

std::string iso(int64_t ms) { return format_iso8601(from_unix_ms(ms)); }

std::string num(double v, int decimals = 1) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string clip(const std::string& s, std::size_t n) { return s.size() <= n ? s : s.substr(0, n - 1) + "~"; }

int run_crossings(ForensicsOptions& opt, store::Store& history, const store::TimeRange& window) {
  if (opt.asset.empty()) return fail("crossings needs --asset ID");
  if (opt.infra.empty()) opt.infra.push_back(std::string(LOOKOUT_DATA_DIR) + "/assets/baltic_north_sea.geojson");
  std::vector<Asset> assets;
  for (const auto& path : opt.infra) {
    auto loaded = load_assets_file(path);
    if (!loaded.ok()) return fail(loaded.error().message);
    for (auto& a : loaded.value().assets) assets.push_back(std::move(a));
  }
  AssetIndex index(std::move(assets));

  std::unique_ptr<detect::Watchlist> watchlist;
  if (!opt.no_watchlist) {
    if (opt.watchlists.empty()) {
      std::string bundled = std::string(LOOKOUT_DATA_DIR) + "/watchlists/eu_designated_vessels.csv";
      if (std::filesystem::exists(bundled)) opt.watchlists.push_back(bundled);
    }
    for (const auto& path : opt.watchlists) {
      if (!watchlist) watchlist = std::make_unique<detect::Watchlist>();
      std::string error;
      if (!watchlist->load_csv(path, error)) return fail(error);
    }
  }

  forensics::CrossingQuery q;
  q.asset = opt.asset;
  q.window = window;
  q.limit = opt.limit;
  if (!opt.at.empty()) {
    LatLon at;
    std::string error;
    if (!parse_latlon(opt.at, at, error)) return fail(error);
    q.at = at;
    q.radius_m = (opt.radius_km > 0 ? opt.radius_km : 10.0) * 1000.0;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto answer = forensics::find_crossings(history, index, watchlist.get(), q);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string target = opt.asset + " " + opt.from + ".." + opt.to + (opt.at.empty() ? "" : " at " + opt.at);
  if (!answer.ok()) {
    bool refused = answer.status().code() == StatusCode::kInvalidArgument;
    int code = refused ? fail(answer.status().message()) : store_failed(answer.status());
    return audit(history, "forensics crossings", target, "error", code);
  }
  const auto& result = *answer;
  int code = audit(history, "forensics crossings", target, "ok " + std::to_string(result.passes.size()));

  if (opt.json) {
    nlohmann::json out;
    out["asset"] = opt.asset;
    out["from"] = iso(window.from_ms);
    out["to"] = iso(window.to_ms);
    out["candidates"] = result.candidates;
    out["positions_read"] = result.positions_read;
    out["passes"] = nlohmann::json::array();
    for (const auto& p : result.passes) out["passes"].push_back(forensics::to_json(p));
    out_text() += out.dump(2) + '\n';
    return code;
  }
  print("Crossings of %s, %s to %s: %zu passes by %zu candidate vessels (%zu reports read, %.0f ms)\n\n",
              opt.asset.c_str(), iso(window.from_ms).c_str(), iso(window.to_ms).c_str(), result.passes.size(),
              result.candidates, result.positions_read, ms);
  if (result.passes.empty()) return code;
  print("%4s %5s %-9s %-20s %-20s %6s %6s %5s %6s %5s %6s %s\n", "rank", "susp", "mmsi", "name", "crossed at",
              "kn", "cruise", "drop", "in-cor", "yaw", "gap", "also crossed");
  int rank = 0;
  for (const auto& p : result.passes) {
    std::string also;
    for (const auto& a : p.other_assets) also += (also.empty() ? "" : ",") + a;
    print("%4d %5d %-9u %-20s %-20s %6s %6s %4s%% %5sm %5s %5sm %s\n", ++rank, p.suspicion, p.mmsi,
                clip(p.name, 20).c_str(), iso(p.time_ms).c_str(), num(p.speed_kn).c_str(), num(p.cruise_kn).c_str(),
                num(p.speed_drop * 100, 0).c_str(), num(p.corridor_minutes, 0).c_str(), num(p.yaw_deg_rms, 0).c_str(),
                num(p.gap_at_crossing_min, 0).c_str(), also.c_str());
    if (!p.reasons.empty() && rank <= 10) {
      std::string why;
      for (const auto& r : p.reasons) why += (why.empty() ? "" : "; ") + r;
      print("%11s why: %s\n", "", why.c_str());
    }
  }
  return code;
}

int run_near(ForensicsOptions& opt, store::Store& history, const store::TimeRange& window) {
  if (opt.at.empty()) return fail("near needs --at LAT,LON");
  forensics::NearQuery q;
  std::string error;
  if (!parse_latlon(opt.at, q.at, error)) return fail(error);
  q.radius_m = (opt.radius_km > 0 ? opt.radius_km : 1.0) * 1000.0;
  q.window = window;
  q.limit = opt.limit;
  auto answer = forensics::find_near(history, q);
  std::string target = opt.at + " r=" + num(q.radius_m / 1000, 2) + "km " + opt.from + ".." + opt.to;
  if (!answer.ok()) return audit(history, "forensics near", target, "error", store_failed(answer.status()));
  const auto& result = *answer;
  int code = audit(history, "forensics near", target, "ok " + std::to_string(result.vessels.size()));
  if (opt.json) {
    nlohmann::json out;
    out["at"] = {{"lat", q.at.lat}, {"lon", q.at.lon}};
    out["radius_m"] = q.radius_m;
    out["from"] = iso(window.from_ms);
    out["to"] = iso(window.to_ms);
    out["vessels"] = nlohmann::json::array();
    for (const auto& v : result.vessels) out["vessels"].push_back(forensics::to_json(v));
    out_text() += out.dump(2) + '\n';
    return code;
  }
  print("Within %s km of %s, %s to %s: %zu vessels\n\n", num(q.radius_m / 1000, 2).c_str(), opt.at.c_str(),
              iso(window.from_ms).c_str(), iso(window.to_ms).c_str(), result.vessels.size());
  if (result.vessels.empty()) return code;
  print("%-9s %-20s %9s %-20s %6s %-20s %-20s\n", "mmsi", "name", "closest m", "at", "kn", "first inside",
              "last inside");
  for (const auto& v : result.vessels) {
    print("%-9u %-20s %9s %-20s %6s %-20s %-20s\n", v.mmsi, clip(v.name, 20).c_str(), num(v.closest_m, 0).c_str(),
                iso(v.closest_ms).c_str(), num(v.speed_kn).c_str(), iso(v.first_ms).c_str(), iso(v.last_ms).c_str());
  }
  return code;
}

int run_track(ForensicsOptions& opt, store::Store& history, const store::TimeRange& window) {
  if (opt.mmsi == 0) return fail("track needs --mmsi M");
  auto answer = forensics::track_geojson(history, opt.mmsi, window);
  std::string target = std::to_string(opt.mmsi) + " " + opt.from + ".." + opt.to;
  if (!answer.ok()) return audit(history, "forensics track", target, "error", store_failed(answer.status()));
  const auto& geo = *answer;
  std::size_t reports = geo["features"][0]["properties"]["reports"].get<std::size_t>();
  int code = audit(history, "forensics track", target, "ok " + std::to_string(reports));
  if (opt.json || ::isatty(1) == 0) {
    out_text() += geo.dump() + '\n';
    return code;
  }
  const auto& props = geo["features"][0]["properties"];
  print("Track of %u%s, %s to %s: %zu reports (GeoJSON with --json)\n", opt.mmsi,
              props.contains("name") ? (" " + props["name"].get<std::string>()).c_str() : "",
              iso(window.from_ms).c_str(), iso(window.to_ms).c_str(), reports);
  const auto& coords = geo["features"][0]["geometry"];
  if (reports == 0 || coords.is_null()) return code;
  print("%-20s %10s %11s %6s %6s\n", "time", "lat", "lon", "kn", "cog");
  for (std::size_t i = 0; i < reports; ++i) {
    const auto& c = coords["type"] == "Point" ? coords["coordinates"] : coords["coordinates"][i];
    auto sog = props["sog_kn"][i], cog = props["cog_deg"][i];
    print("%-20s %10.5f %11.5f %6s %6s\n", props["times"][i].get<std::string>().c_str(), c[1].get<double>(),
                c[0].get<double>(), sog.is_null() ? "-" : num(sog.get<double>()).c_str(),
                cog.is_null() ? "-" : num(cog.get<double>()).c_str());
  }
  return code;
}

// "ID,LAT,LON,TOP_KNOTS" -> a unit standing at LAT,LON at `now`.
bool parse_unit(const std::string& text, Timestamp now, std::string& id, geo::InterceptUnit& unit, std::string& error) {
  std::vector<std::string> f;
  std::size_t start = 0;
  for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1) {
    f.push_back(text.substr(start, comma - start));
  }
  f.push_back(text.substr(start));
  error = "--unit '" + text + "' is not ID,LAT,LON,TOP_KNOTS (e.g. TURVA,59.9,24.9,25)";
  if (f.size() != 4 || f[0].empty()) return false;
  try {
    unit.last.position = {std::stod(f[1]), std::stod(f[2])};
    unit.top_speed_mps = std::stod(f[3]) * 1852.0 / 3600.0;
  } catch (const std::exception&) {
    return false;
  }
  if (!unit.last.position.valid() || !(unit.top_speed_mps > 0)) return false;
  unit.last.time = now;
  id = f[0];
  return true;
}

int run_fault(ForensicsOptions& opt, store::Store& history, const store::TimeRange& window) {
  if (opt.infra.empty()) opt.infra.push_back(std::string(LOOKOUT_DATA_DIR) + "/assets/baltic_north_sea.geojson");
  std::vector<Asset> assets;
  for (const auto& path : opt.infra) {
    auto loaded = load_assets_file(path);
    if (!loaded.ok()) return fail(loaded.error().message);
    for (auto& a : loaded.value().assets) assets.push_back(std::move(a));
  }
  AssetIndex index(std::move(assets));
  std::unique_ptr<detect::Watchlist> watchlist;
  for (const auto& path : opt.watchlists) {
    if (!watchlist) watchlist = std::make_unique<detect::Watchlist>();
    std::string error;
    if (!watchlist->load_csv(path, error)) return fail(error);
  }
  forensics::FaultReport report;
  report.asset = opt.asset;
  report.window = window;
  report.limit = opt.limit;
  if (opt.radius_km > 0) report.radius_m = opt.radius_km * 1000;
  if (!opt.at.empty()) {
    LatLon at;
    std::string error;
    if (!parse_latlon(opt.at, at, error)) return fail(error);
    report.at = at;
  }
  if (opt.distance_km >= 0) report.distance_m = opt.distance_km * 1000;
  int64_t now = now_ms();
  std::string error;
  if (!opt.now.empty() && !parse_time(opt.now, "--now", now, error)) return fail(error);
  std::vector<std::string> unit_ids;
  std::vector<geo::InterceptUnit> units;
  for (const auto& text : opt.units) {
    std::string id;
    geo::InterceptUnit u;
    if (!parse_unit(text, from_unix_ms(now), id, u, error)) return fail(error);
    unit_ids.push_back(id);
    units.push_back(u);
  }

  auto answer = forensics::find_fault_suspects(history, index, watchlist.get(), report);
  std::string target = opt.asset + " " + opt.from + ".." + opt.to +
                       (opt.at.empty() ? "" : " at " + opt.at) +
                       (opt.distance_km >= 0 ? " km " + num(opt.distance_km, 3) : "");
  if (!answer.ok()) {
    bool refused = answer.status().code() == StatusCode::kInvalidArgument;
    int code = refused ? fail(answer.status().message()) : store_failed(answer.status());
    return audit(history, "forensics fault", target, "error", code);
  }
  const auto& result = *answer;
  // Each suspect's last stored position, and who of --unit gets there first.
  nlohmann::json suspects = nlohmann::json::array();
  for (const auto& p : result.crossings.passes) {
    nlohmann::json j = {{"rank", suspects.size() + 1}, {"mmsi", p.mmsi}, {"crossing", forensics::to_json(p)}};
    auto track = history.track(p.mmsi, {window.from_ms, std::max(window.to_ms, now)});
    if (!track.ok()) return audit(history, "forensics fault", target, "error", store_failed(track.status()));
    j["last"] = nullptr;
    j["intercept"] = nlohmann::json::array();
    if (!track->empty()) {
      const auto& last = track->back().point;
      j["last"] = {{"position", {last.pos().lon, last.pos().lat}}, {"time", iso(last.time_ms)},
                   {"sog_kn", last.has_sog() ? nlohmann::json(last.sog_kn()) : nlohmann::json(nullptr)},
                   {"cog_deg", last.has_cog() ? nlohmann::json(last.cog_deg()) : nlohmann::json(nullptr)}};
      const bool moving = last.has_sog() && last.has_cog();
      const geo::MovingPosition target_now{last.pos(), moving ? last.cog_deg() : 0,
                                           moving ? last.sog_kn() * 1852.0 / 3600.0 : 0, last.time()};
      for (const auto& r : geo::rank_intercepts(target_now, units, from_unix_ms(now))) {
        const auto& sol = r.solution;
        nlohmann::json u = {{"unit", unit_ids[r.unit_idx]}, {"possible", sol.possible},
                            {"target_age_s", sol.target_age_s}, {"range_m", sol.range_m}};
        if (sol.possible) {
          u["time_s"] = sol.time_s;
          u["course_deg"] = sol.course_deg;
          u["distance_m"] = sol.distance_m;
          u["aim"] = {sol.aim.lon, sol.aim.lat};
        }
        j["intercept"].push_back(std::move(u));
      }
    }
    suspects.push_back(std::move(j));
  }
  int code = audit(history, "forensics fault", target, "ok " + std::to_string(suspects.size()));
  if (opt.json) {
    nlohmann::json out = {{"asset", opt.asset}, {"from", iso(window.from_ms)}, {"to", iso(window.to_ms)},
                          {"radius_m", report.radius_m}, {"now", iso(now)}, {"suspects", suspects}};
    out["fault"] = result.fault ? nlohmann::json::array({result.fault->lon, result.fault->lat}) : nlohmann::json(nullptr);
    out_text() += out.dump(2) + '\n';
    return code;
  }
  print("Suspects for a fault on %s%s, %s to %s: %zu\n\n", opt.asset.c_str(),
        result.fault ? (" at " + num(result.fault->lat, 5) + "," + num(result.fault->lon, 5)).c_str() : "",
        iso(window.from_ms).c_str(), iso(window.to_ms).c_str(), suspects.size());
  for (const auto& s : suspects) {
    const auto& c = s["crossing"];
    print("%2d. %-9u %-20s suspicion %d, crossed %s\n", s["rank"].get<int>(), s["mmsi"].get<uint32_t>(),
          clip(c.value("name", std::string()), 20).c_str(), c["suspicion"].get<int>(), c["time"].get<std::string>().c_str());
    if (!s["last"].is_null()) print("    last seen %s\n", s["last"]["time"].get<std::string>().c_str());
    for (const auto& u : s["intercept"]) {
      if (u["possible"].get<bool>()) {
        print("    %-16s %5.0f min, course %03.0f, %.1f NM\n", u["unit"].get<std::string>().c_str(),
              u["time_s"].get<double>() / 60, u["course_deg"].get<double>(), u["distance_m"].get<double>() / 1852);
      } else {
        print("    %-16s cannot intercept\n", u["unit"].get<std::string>().c_str());
      }
    }
  }
  return code;
}

}  // namespace

Run add_forensics(CLI::App& app) {
  auto opt = std::make_shared<ForensicsOptions>();
  auto* cmd = app.add_subcommand("forensics", "Ask the history store who crossed an asset, who was near, a track");
  cmd->footer(kExitCodesHelp);
  cmd->require_subcommand(1);
  auto common = [&](CLI::App* sub, bool window_required) {
    sub->add_option("--store", opt->store, "History store (SQLite path or postgresql:// URL)")->required();
    auto* from = sub->add_option("--from", opt->from, "Start of the window, ISO 8601 UTC");
    auto* to = sub->add_option("--to", opt->to, "End of the window, ISO 8601 UTC");
    if (window_required) {
      from->required();
      to->required();
    }
    sub->add_flag("--json", opt->json, "Print JSON instead of a table");
    sub->add_option("--limit", opt->limit, "Most rows to print")->capture_default_str();
  };
  auto* crossings = cmd->add_subcommand("crossings", "Every vessel that crossed or came within an asset's corridor, ranked by suspicion");
  common(crossings, true);
  crossings->add_option("--asset", opt->asset, "Asset id, e.g. estlink-2")->required();
  crossings->add_option("--at", opt->at, "Only crossings near LAT,LON");
  crossings->add_option("--radius-km", opt->radius_km, "Radius around --at (default 10 km)");
  crossings->add_option("--infra", opt->infra, "Asset GeoJSON (repeatable; default: the bundled file)")->allow_extra_args(false);
  crossings->add_option("--watchlist", opt->watchlists, "Watch list CSV (repeatable; default: the bundled EU list)")->allow_extra_args(false);
  crossings->add_flag("--no-watchlist", opt->no_watchlist, "Consult no watch list");
  auto* near = cmd->add_subcommand("near", "Everyone who came within a radius of a place");
  common(near, true);
  near->add_option("--at", opt->at, "LAT,LON")->required();
  near->add_option("--radius-km", opt->radius_km, "Radius (default 1 km)");
  auto* track = cmd->add_subcommand("track", "One vessel's track as GeoJSON with times, for playback");
  common(track, false);
  track->add_option("--mmsi", opt->mmsi, "The vessel")->required();
  auto* fault = cmd->add_subcommand("fault", "A reported cable fault: the vessels that crossed there then, ranked, with intercepts");
  common(fault, true);
  fault->add_option("--asset", opt->asset, "Asset id of the faulty cable, e.g. estlink-2")->required();
  auto* fault_at = fault->add_option("--at", opt->at, "The fault's position LAT,LON");
  fault->add_option("--distance-km", opt->distance_km, "Or its distance along the cable from the asset's first point")
      ->excludes(fault_at);
  fault->add_option("--radius-km", opt->radius_km, "How far from the fault a crossing counts (default 5 km)");
  fault->add_option("--unit", opt->units, "A friendly unit ID,LAT,LON,TOP_KNOTS (repeatable)")->allow_extra_args(false);
  fault->add_option("--now", opt->now, "Solve intercepts for this time (default: now)");
  fault->add_option("--infra", opt->infra, "Asset GeoJSON (repeatable; default: the bundled file)")->allow_extra_args(false);
  fault->add_option("--watchlist", opt->watchlists, "Watch list CSV (repeatable)")->allow_extra_args(false);

  return [opt, crossings, near, track, fault] {
    store::TimeRange window{0, INT64_MAX / 4};
    std::string error;
    if (!opt->from.empty() && !parse_time(opt->from, "--from", window.from_ms, error)) return fail(error);
    if (!opt->to.empty() && !parse_time(opt->to, "--to", window.to_ms, error)) return fail(error);
    if (window.to_ms < window.from_ms) return fail("--to is before --from");
    auto history = open_for_query(opt->store, error);
    if (!history) return fail(error);
    if (crossings->parsed()) return write_out(run_crossings(*opt, *history, window));
    if (near->parsed()) return write_out(run_near(*opt, *history, window));
    if (track->parsed()) return write_out(run_track(*opt, *history, window));
    if (fault->parsed()) return write_out(run_fault(*opt, *history, window));
    return fail("choose crossings, near, track or fault");
  };
}

}  // namespace lookout::cli
