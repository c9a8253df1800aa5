// NmeaDecoder: lines of an AIS log (NMEA 0183 VDM/VDO, with or without NMEA
// 4.0 tag blocks, logger time stamps, Gatehouse wrappers and receiver
// metadata) in, AisObservations out.
//
// Per line: split_line() (line_parser.h) finds the parts, parse_tag_block()
// and parse_sentence() read them, single sentences go straight to
// ais::decode_payload(), fragments through the FragmentAssembler. Nothing is
// allocated per line; every line is counted in stats().
//
// Event time, best first (TimeSource):
//   kTagBlock  `c:` of the line's tag block, or of a tag-block-only line just
//              before it (some loggers split them);
//   kPrefix    a leading time stamp, or the `$PGHP` wrapper line before it;
//   kTrailer   a Unix time in the receiver metadata after the checksum.
// A multi-sentence message takes the time of its first fragment.
//
// Counting (stats()): every line is a line; every observation handed to the
// sink is a message; every line that yields nothing for a reason is a reject
// with that reason, the line kept as sample. Lines that only carry metadata
// for the next line ($PGHP, a tag block alone with c: or s:) and fragments
// held for reassembly are neither. Messages the assembler gives up on are
// rejects too (kFragmentTimeout, kFragmentOverflow, kOrphanFragment), kept
// with the payload characters they held as sample, since their lines are
// gone by then. Quirks that keep the meaning are warnings (kTrailingData,
// kTagBlockChecksum, kBadTagBlock, kBadTimestampPrefix, kPayloadTooLong).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/fixed_string.h"
#include "core/time.h"
#include "decode/ais_decoder_base.h"
#include "decode/nmea/fragment_assembler.h"

namespace lookout::nmea {

struct LineParts;

struct NmeaDecoderParams {
  std::size_t max_line_bytes = 1024;  ///< Longer lines are rejected (kLineTooLong).
  uint32_t max_pending = 1024;        ///< Multi-sentence messages in reassembly at once.
  uint32_t fragment_timeout_lines = 100;  ///< Lines a message may wait for its last fragment.
  std::chrono::milliseconds fragment_timeout{10000};  ///< Event time it may wait, when known.
  uint32_t reorder_lines = 8;         ///< Lines a fragment 2..n may wait for its fragment 1.
  bool trailer_time = true;           ///< Use a Unix time after the checksum when nothing better.
};

class NmeaDecoder final : public AisDecoder {
 public:
  using Params = NmeaDecoderParams;

  // Allocates the reassembly buffers (about 300 bytes per params.max_pending).
  explicit NmeaDecoder(const Params& params = {});

  // Decodes one line (see AisDecoder::feed). A line yields at most one
  // observation: a single sentence, or the last missing fragment of a message.
  void feed(std::string_view line, ObservationSink sink) override;

  // Counts every message still in reassembly as kFragmentTimeout (a message
  // that only ever had later fragments: kOrphanFragment per fragment).
  void finish(ObservationSink sink) override;

  const char* format_name() const override { return "nmea"; }

  // feed() without a callback: the message this line completed, or nullptr.
  // The observation is valid until the next call on this decoder.
  const AisObservation* decode(std::string_view line);

 private:
  // Metadata a line leaves for the next sentence line.
  struct Carried {
    std::optional<Timestamp> prefix_time;  // from $PGHP
    std::optional<Timestamp> tag_time;     // from a tag-block-only line
    FixedString<24> tag_station;
    bool any = false;  // whether any of the above is set
  };

  void on_tag_only(const LineParts& parts, std::string_view line);
  void on_sentence(const LineParts& parts, std::string_view line, ObservationSink sink);
  // The station, group and best event time of a sentence line; counts the
  // remarks (warnings) about its tag block, prefix and trailer.
  FragmentContext context_of(const LineParts& parts, const Sentence& s, const Carried& carried);
  void emit(std::string_view payload, unsigned fill_bits, const FragmentContext& ctx, char channel,
            bool own_vessel, std::string_view line, uint32_t payload_offset,
            ObservationSink sink);

  Params params_;
  FragmentAssembler assembler_;
  Carried carried_;
  uint64_t line_no_ = 0;
  AisObservation obs_;
};

}  // namespace lookout::nmea
