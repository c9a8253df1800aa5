// Throughput of the historical-format decoders (src/decode/csv/) over real
// files: rows/s and bytes/s. The DMA 10k-row file comes from the shared data
// set ($LOOKOUT_SHARED_DATA or ../shared/data beside the source tree); without it the
// committed 300-row golden excerpt is used.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "decode/csv/csv_row.h"
#include "decode/csv/digitraffic_decoder.h"
#include "decode/csv/dma_csv_decoder.h"
#include "decode/csv/kystverket_csv_decoder.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shared file when present, else the golden excerpt.
std::string load(const char* shared_rel, const char* golden) {
  const char* env = std::getenv("LOOKOUT_SHARED_DATA");
  std::string root = env != nullptr && *env != '\0' ? env : std::string(LOOKOUT_SOURCE_DIR) + "/../shared/data";
  std::string text = read_file(root + "/" + shared_rel);
  if (text.empty()) text = read_file(std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/csv/" + golden);
  return text;
}

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.emplace_back(text.data() + pos, end - pos);
    pos = end + 1;
  }
  return lines;
}

template <typename Decoder>
void run_decoder(benchmark::State& state, const std::string& text) {
  auto lines = split_lines(text);
  uint64_t messages = 0;
  for (auto _ : state) {
    Decoder dec;
    auto sink = [&](const lookout::AisObservation& obs) {
      benchmark::DoNotOptimize(obs.msg.mmsi);
      ++messages;
    };
    for (std::string_view line : lines) dec.feed(line, sink);
    dec.finish(sink);
    if (dec.stats().lines() != lines.size()) state.SkipWithError("lines lost");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["messages"] = benchmark::Counter(static_cast<double>(messages),
                                                  benchmark::Counter::kIsRate);
}

void BM_DmaCsvDecode10kRows(benchmark::State& state) {
  static const std::string text =
      load("ais_csv/dma/aisdk_2022-09-17_10k_rows.csv", "dma_aisdk_2022-09-17_first_300_rows.csv");
  run_decoder<lookout::csv::DmaCsvDecoder>(state, text);
}
BENCHMARK(BM_DmaCsvDecode10kRows);

void BM_DmaCsvSplitOnly(benchmark::State& state) {
  static const std::string text =
      load("ais_csv/dma/aisdk_2022-09-17_10k_rows.csv", "dma_aisdk_2022-09-17_first_300_rows.csv");
  auto lines = split_lines(text);
  lookout::csv::RowSplitter row;
  for (auto _ : state) {
    for (std::string_view line : lines) {
      auto n = row.split(line, ',');
      benchmark::DoNotOptimize(n);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DmaCsvSplitOnly);

void BM_KystverketCsvDecode10kRows(benchmark::State& state) {
  static const std::string text = load("ais_csv/kystverket/no_vestland_2022-09-01_10k_rows.csv",
                                       "kystverket_vestland_2022-09-01_60_rows_per_vessel.csv");
  run_decoder<lookout::csv::KystverketCsvDecoder>(state, text);
}
BENCHMARK(BM_KystverketCsvDecode10kRows);

void BM_DigitrafficSnapshotDecode(benchmark::State& state) {
  static const std::string text = load("ais_csv/digitraffic/snapshot_2025-12-11T204450Z.json",
                                       "digitraffic_snapshot_2025-12-12T123124Z_50_vessels.json");
  run_decoder<lookout::csv::DigitrafficDecoder>(state, text);
}
BENCHMARK(BM_DigitrafficSnapshotDecode);

}  // namespace
