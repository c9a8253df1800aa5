// DetectionsJsonlDecoder: one line of JSON Lines sensor detections (the
// format in docs/ARCHITECTURE.md, "Sensor detections: JSON Lines") into a
// SensorDetection.
//
// A line is one JSON object. Required: "time" (ISO 8601 text), "sensor" (a
// non-empty id of at most 32 bytes), and a position: either "lat" and "lon"
// (degrees, optional "alt_m") or "range_m" and "bearing_deg" relative to the
// sensor (optional "elevation_deg"). Optional: "sigma_m", "vel_e", "vel_n",
// "vel_u", "class" (drone|bird|aircraft|unknown, any case), "confidence"
// (0..1), "object_id" (text or integer, at most 40 bytes). Unknown keys are
// ignored, so a writer may add fields; a known key with the wrong type, a
// value out of range, a repeated key, or half of a position pair rejects the
// whole line with the field named. Blank lines and lines starting with '#'
// return kEmptyLine, which callers skip silently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "decode/detection.h"
#include "decode/stats.h"

namespace lookout::detections {

// Value ranges the decoder accepts (inclusive). Outside them a line is
// rejected with kBadValue naming the field.
inline constexpr double kMaxAltitudeM = 60000;     // and >= -1000
inline constexpr double kMaxRangeM = 1000000;      // and >= 0
inline constexpr double kMaxSigmaM = 100000;       // and > 0
inline constexpr double kMaxSpeedComponent = 1000; // |vel_*| in m/s
inline constexpr std::size_t kMaxLineBytes = 4096; // longer lines: kLineTooLong

class DetectionsJsonlDecoder {
 public:
  DetectionsJsonlDecoder();
  ~DetectionsJsonlDecoder();
  DetectionsJsonlDecoder(const DetectionsJsonlDecoder&) = delete;
  DetectionsJsonlDecoder& operator=(const DetectionsJsonlDecoder&) = delete;
  DetectionsJsonlDecoder(DetectionsJsonlDecoder&&) noexcept;
  DetectionsJsonlDecoder& operator=(DetectionsJsonlDecoder&&) noexcept;

  // Decodes one line (without its newline; a trailing '\r' is ignored).
  // On failure the Error names the field and, where the key is present, its
  // byte offset in `line`. Counts the line, the detection or the reject in
  // stats(). Does not keep `line` after it returns. Not thread-safe: use one
  // decoder per thread (it reuses its parser and buffer, no allocation per
  // line once warm).
  Result<SensorDetection> decode(std::string_view line);

  const DecodeStats& stats() const { return stats_; }

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  DecodeStats stats_;
};

}  // namespace lookout::detections
