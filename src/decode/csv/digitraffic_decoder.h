// DigitrafficDecoder: Finnish Digitraffic AIS snapshots (JSON, CC BY 4.0).
//
// Two document shapes, told apart by their top-level key:
//   - a vessel snapshot, pretty-printed over many lines:
//       {"timestamp": "2025-12-11T20:44:50.102399+00:00", "vessel_count": N,
//        "vessels": [{"mmsi", "name", "lon", "lat", "sog", "cog", "heading",
//                     "ship_type", "destination", "eta"?, ...}, ...]}
//     Each vessel becomes a type 1 position report and, when it has any of
//     name/ship_type/destination/eta, a type 5 static message. The snapshot's
//     timestamp is the time of every observation (TimeSource::kRecord) even
//     though each position is the vessel's last known one, possibly older:
//     the snapshot does not say when each vessel reported.
//   - the REST "locations" GeoJSON: {"type": "FeatureCollection", "features":
//     [{"mmsi", "geometry": {"coordinates": [lon, lat]}, "properties": {"sog",
//     "cog", "heading", "navStat", "rot", "posAcc", "raim", "timestamp",
//     "timestampExternal"}}]}, each feature a type 1 report at
//     timestampExternal (ms since 1970).
//
// Lines are buffered (up to Params::max_document_bytes; beyond that one
// kBadJson is counted and the document is dropped) and parsed at finish().
// One document per stream; after finish() the decoder is ready for the next.
//
// Rejects: kBadJson (not JSON, too large), kMissingField("vessels") for other
// JSON, and per vessel kMissingField / kBadValue for mmsi, lat, lon (only
// that vessel is skipped). A bad optional field is left "not available" and
// counted as a kBadValue warning.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "decode/ais_decoder_base.h"

namespace lookout::csv {

class DigitrafficDecoder final : public AisDecoder {
 public:
  struct Params {
    /// Largest document accepted; the Baltic snapshot of ~10,000 vessels is 2.2 MB.
    std::size_t max_document_bytes = std::size_t{256} << 20;
  };

  DigitrafficDecoder() : DigitrafficDecoder(Params{}) {}
  explicit DigitrafficDecoder(Params params);
  ~DigitrafficDecoder() override;

  void feed(std::string_view line, ObservationSink sink) override;
  void finish(ObservationSink sink) override;
  const char* format_name() const override { return "digitraffic_json"; }

 private:
  class Impl;  // the simdjson parser and the walk over the document

  Params params_;
  std::string buffer_;
  bool overflowed_ = false;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lookout::csv
