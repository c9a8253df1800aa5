// GET /api/vessels/{mmsi}/track for a vessel the caller may not see against
// one that does not exist: the two should cost the same (issue #16: 1.68 ms
// against 0.21 ms median was a timing oracle - whoever could time the
// answers learnt which MMSIs another nation tracks). The store now finds
// the released reports by key (mmsi, marking, t), one range per marking
// released to the caller, so no hidden report is read (schema 4;
// store_track_bench.cc measures the store alone at volume). A node with two
// partitions, Denmark's (Eagle S) and Britain's (Yi Peng 3), both fed into
// the store; a British viewer asks for Eagle S (hidden), for an MMSI nobody
// reported (absent) and, for scale, for Yi Peng 3 (its own).
//   build/lookout_bench --benchmark_filter=ApiTrack --benchmark_repetitions=5
//     --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "app/node/node.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/http/http.h"
#include "store/store.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;

struct TrackFixture {
  TrackFixture() {
    dir = fs::temp_directory_path() / ("lookout-api-track-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    NodeConfig c;
    c.store = (dir / "history.db").string();
    InputConfig in;
    in.kind = InputKind::kUdp;
    in.address = "127.0.0.1:0";
    in.name = "dnk";
    in.marking = {"DNK", {}};
    c.inputs.push_back(in);
    in.name = "gbr";
    in.marking = {"GBR", {}};
    c.inputs.push_back(in);
    token = server::new_token();
    c.tokens.push_back({"gbr-view", server::to_hex(server::sha256(token)), "GBR", server::Role::kViewer});
    node = std::make_unique<Node>(c, io);
    std::string error;
    if (!node->open(error)) throw std::runtime_error(error);
    feed(0, "tests/scenarios/eagle_s_estlink2/track.nmea");
    feed(1, "tests/scenarios/yi_peng_3/track.nmea");
    node->sync_store();
  }
  ~TrackFixture() {
    node.reset();
    fs::remove_all(dir);
  }
  void feed(std::size_t input, const std::string& file) {
    std::ifstream f(std::string(LOOKOUT_SOURCE_DIR) + "/" + file);
    std::string line;
    while (std::getline(f, line)) node->ingest_line(input, line, node->now());
  }
  server::Request request(const std::string& mmsi, const std::string& window) const {
    server::Request r;
    r.method = "GET";
    r.path = "/api/vessels/" + mmsi + "/track";
    r.target = r.path + "?" + window;
    r.query = {{"from", window.substr(5, 20)}, {"to", window.substr(29, 20)}};
    r.headers.emplace_back("authorization", "Bearer " + token);
    r.remote = "127.0.0.1:40000";
    return r;
  }

  fs::path dir;
  boost::asio::io_context io;
  std::string token;
  std::unique_ptr<Node> node;
};

TrackFixture& fixture() {
  static TrackFixture f;
  return f;
}

void run(benchmark::State& state, const std::string& mmsi, const std::string& window, int expect) {
  auto& f = fixture();
  const server::Request r = f.request(mmsi, window);
  for (auto _ : state) {
    auto resp = f.node->api().handle(r);
    if (resp.status != expect) state.SkipWithError(("status " + std::to_string(resp.status)).c_str());
    benchmark::DoNotOptimize(resp.body.data());
  }
}

// Each window holds the whole of its vessel's recorded episode.
const std::string kEagleWindow = "from=2024-12-24T00:00:00Z&to=2024-12-26T00:00:00Z";
const std::string kYiWindow = "from=2024-11-17T00:00:00Z&to=2024-11-19T00:00:00Z";

void BM_ApiTrackHidden(benchmark::State& state) { run(state, "518998950", kEagleWindow, 404); }
void BM_ApiTrackAbsent(benchmark::State& state) { run(state, "999999998", kEagleWindow, 404); }
void BM_ApiTrackOwn(benchmark::State& state) { run(state, "414270000", kYiWindow, 200); }

// The store's part: every report of the hidden vessel read and then dropped
// (what the API did before) against the query that reads released ones only.
void BM_StoreTrackAllThenFilter(benchmark::State& state) {
  auto& f = fixture();
  const store::TimeRange w{to_unix_ms(*parse_timestamp("2024-12-24T00:00:00Z")),
                           to_unix_ms(*parse_timestamp("2024-12-26T00:00:00Z"))};
  for (auto _ : state) benchmark::DoNotOptimize(f.node->store().track(518998950, w).value().size());
}
void BM_StoreVisibleTrack(benchmark::State& state) {
  auto& f = fixture();
  const store::TimeRange w{to_unix_ms(*parse_timestamp("2024-12-24T00:00:00Z")),
                           to_unix_ms(*parse_timestamp("2024-12-26T00:00:00Z"))};
  for (auto _ : state) benchmark::DoNotOptimize(f.node->store().visible_track(518998950, w, "GBR").value().size());
}

BENCHMARK(BM_StoreTrackAllThenFilter)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StoreVisibleTrack)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ApiTrackHidden)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ApiTrackAbsent)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ApiTrackOwn)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lookout::node
