// libFuzzer target: the input is a log of NMEA lines. Every line goes
// through NmeaDecoder (framing, tag blocks, sentences, reassembly, payload
// decode); nothing may crash, leak or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decode/nmea/nmea_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  lookout::nmea::NmeaDecoder::Params params;
  params.max_pending = 4;  // small, so that overflow and eviction are reached
  lookout::nmea::NmeaDecoder decoder(params);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sink = [](const lookout::AisObservation& obs) { (void)obs.msg.mmsi; };
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    decoder.feed(text.substr(0, end), sink);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  decoder.finish(sink);
  return 0;
}
