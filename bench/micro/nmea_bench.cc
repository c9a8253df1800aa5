// The NMEA layer over real lines: ../shared/data/ais_nmea/corpus/real.nmea
// (112k lines from 43 real logs; see its SOURCES.md), or, where that is
// absent, the golden copies in tests/golden/nmea/. The lines are read once,
// before the first benchmark; every benchmark cycles through all of them in
// file order, so fragments meet their partners as in a real feed.
// Reports items/s (lines) and bytes/s (line bytes).
//
//   BM_NmeaSentence       parse_sentence() alone, on the sentence part of each line
//   BM_NmeaSplitLine      split_line() alone (framing: prefix, tag block, PGHP)
//   BM_NmeaDecoder        NmeaDecoder::feed(): framing, tag block, sentence,
//                         reassembly, ais::decode_payload() and the sink
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "decode/nmea/line_parser.h"
#include "decode/nmea/nmea_decoder.h"
#include "decode/nmea/sentence.h"

namespace {

struct Corpus {
  std::string text;
  std::vector<std::string_view> lines;      // every line, without '\n'
  std::vector<std::string_view> sentences;  // the sentence part of lines that have one
  std::size_t line_bytes = 0;
  std::size_t sentence_bytes = 0;
};

bool append_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  text += buffer.str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return true;
}

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    const char* env = std::getenv("LOOKOUT_SHARED_DATA");
    std::string shared = env != nullptr && *env != '\0' ? env : std::string(LOOKOUT_SOURCE_DIR) + "/../shared/data";
    if (!append_file(shared + "/ais_nmea/corpus/real.nmea", out.text)) {
      const std::string dir = std::string(LOOKOUT_SOURCE_DIR) + "/tests/golden/nmea/";
      for (const char* f : {"amsa_mixed.nmea", "dma_gatehouse_stream.nmea",
                            "exact_earth_augmented.nmea", "exact_earth_tag_block.nmea",
                            "goais_ns_prefix.nmea", "gofree_extra_field.nmea",
                            "kystverket_tag_block.nm4", "uscg_metadata.nmea"}) {
        append_file(dir + f, out.text);
      }
    }
    std::size_t pos = 0;
    while (pos < out.text.size()) {
      const std::size_t end = out.text.find('\n', pos);
      const std::string_view line(out.text.data() + pos, end - pos);
      out.lines.push_back(line);
      out.line_bytes += line.size();
      auto parts = lookout::nmea::split_line(line, 1024);
      if (parts.ok() && parts->kind == lookout::nmea::LineKind::kSentence) {
        out.sentences.push_back(parts->sentence);
        out.sentence_bytes += parts->sentence.size();
      }
      pos = end + 1;
    }
    return out;
  }();
  return c;
}

void BM_NmeaSentence(benchmark::State& state) {
  const Corpus& c = corpus();
  std::size_t rounds = 0;
  for (auto _ : state) {
    for (std::string_view s : c.sentences) {
      auto r = lookout::nmea::parse_sentence(s);
      benchmark::DoNotOptimize(r);
    }
    ++rounds;
  }
  state.SetItemsProcessed(static_cast<int64_t>(rounds * c.sentences.size()));
  state.SetBytesProcessed(static_cast<int64_t>(rounds * c.sentence_bytes));
}
BENCHMARK(BM_NmeaSentence)->Unit(benchmark::kMillisecond);

void BM_NmeaSplitLine(benchmark::State& state) {
  const Corpus& c = corpus();
  std::size_t rounds = 0;
  for (auto _ : state) {
    for (std::string_view line : c.lines) {
      auto r = lookout::nmea::split_line(line, 1024);
      benchmark::DoNotOptimize(r);
    }
    ++rounds;
  }
  state.SetItemsProcessed(static_cast<int64_t>(rounds * c.lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(rounds * c.line_bytes));
}
BENCHMARK(BM_NmeaSplitLine)->Unit(benchmark::kMillisecond);

void BM_NmeaDecoder(benchmark::State& state) {
  const Corpus& c = corpus();
  lookout::nmea::NmeaDecoder decoder;
  uint64_t mmsi_sum = 0;
  auto sink = [&mmsi_sum](const lookout::AisObservation& obs) { mmsi_sum += obs.msg.mmsi; };
  std::size_t rounds = 0;
  for (auto _ : state) {
    for (std::string_view line : c.lines) decoder.feed(line, sink);
    ++rounds;
  }
  benchmark::DoNotOptimize(mmsi_sum);
  state.SetItemsProcessed(static_cast<int64_t>(rounds * c.lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(rounds * c.line_bytes));
  state.counters["messages_per_round"] =
      static_cast<double>(decoder.stats().messages()) / static_cast<double>(rounds);
}
BENCHMARK(BM_NmeaDecoder)->Unit(benchmark::kMillisecond);

}  // namespace
