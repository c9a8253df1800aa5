// Reading AIS from files: open, sniff the format, frame into lines, decode.
// Shared by `lookout decode`, `lookout replay` and the demo.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "decode/ais_decoder_base.h"
#include "decode/sniff.h"

namespace lookout {

// A decoder for `format`, or nullptr for formats that carry no AIS
// (kUnknown, kDetectionsJsonl).
std::unique_ptr<AisDecoder> make_ais_decoder(InputFormat format);

struct AisFileRun {
  InputFormat format = InputFormat::kUnknown;
  uint64_t bytes = 0;
  DecodeStats stats;
};

// Decodes one file ("-" = standard input). `format` kUnknown means sniff it
// from the first 64 KiB. Every observation goes to `sink` in file order.
// Errors: kIoError when the file cannot be opened or read (with the lines
// read so far already delivered), kBadValue(field "format") when the format
// cannot be recognised or carries no AIS.
Result<AisFileRun> decode_ais_file(const std::string& path, InputFormat format,
                                   ObservationSink sink);

}  // namespace lookout
