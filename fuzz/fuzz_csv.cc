// libFuzzer target for the historical AIS formats (decode/csv/).
//
// Input: the first byte chooses the decoder (value % 3: DMA CSV, Kystverket
// CSV, Digitraffic JSON); the rest is split on '\n' and fed line by line, then
// finish(). Beyond "no crash, no sanitizer report", it checks what the
// decoders promise: every line counted, every observation counted, positions
// inside the globe or "not available", times from the record.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <variant>

#include "decode/csv/digitraffic_decoder.h"
#include "decode/csv/dma_csv_decoder.h"
#include "decode/csv/kystverket_csv_decoder.h"

namespace {

void check_position(const lookout::ais::Position& pos) {
  bool na = pos.lat == lookout::ais::kLatNotAvailable || pos.lon == lookout::ais::kLonNotAvailable;
  if (!na && !pos.valid()) std::abort();
}

void check(const lookout::AisObservation& obs) {
  if (obs.msg.mmsi == 0 || obs.msg.mmsi > 999999999) std::abort();
  if (obs.time.has_value() != (obs.time_source == lookout::TimeSource::kRecord)) std::abort();
  if (const auto* a = std::get_if<lookout::ais::PositionReportA>(&obs.msg.body)) {
    check_position(a->pos);
    if (a->speed > 1023 || a->course > 3600 || (a->heading > 359 && a->heading != 511)) std::abort();
  } else if (const auto* b = std::get_if<lookout::ais::PositionReportB>(&obs.msg.body)) {
    check_position(b->pos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::unique_ptr<lookout::AisDecoder> decoder;
  switch (data[0] % 3) {
    case 0: decoder = std::make_unique<lookout::csv::DmaCsvDecoder>(); break;
    case 1: decoder = std::make_unique<lookout::csv::KystverketCsvDecoder>(); break;
    default: decoder = std::make_unique<lookout::csv::DigitrafficDecoder>(); break;
  }
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  uint64_t seen = 0;
  auto sink = [&](const lookout::AisObservation& obs) {
    check(obs);
    ++seen;
  };
  uint64_t lines = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    decoder->feed(text.substr(pos, end - pos), sink);
    ++lines;
    pos = end + 1;
  }
  decoder->finish(sink);
  if (decoder->stats().lines() != lines || decoder->stats().messages() != seen) std::abort();
  return 0;
}
