// DmaCsvDecoder: the Danish Maritime Authority `aisdk` daily CSV files.
//
// Each row is one received message already decoded to text, with the
// vessel's last static data joined in. Layouts seen in the wild, all handled
// because columns are found by header name, not by position:
//   - 2018: 22 columns, "# Timestamp,Type of mobile,MMSI,...,Data source type";
//   - 2022: 26 columns, adding A,B,C,D (antenna to bow/stern/port/starboard);
//   - either with an extra unnamed leading index column (",# Timestamp,...").
// A header line may appear again later (concatenated files); it re-maps the
// columns. Rows before the first header are rejected with kBadCsvHeader.
//
// What a row becomes (see README.md for the tables):
//   - a position report when Latitude/Longitude are present and valid (not
//     91/181): type 1 (Class A), 18 (Class B), 4 (Base Station), 9 (SAR
//     Airborne); AtoN rows become type 21 with the name and size, also
//     without a position;
//   - a static message when the row carries static data (name, call sign,
//     IMO, ship type, size, draught, destination, ETA): type 5 for Class A,
//     type 24 part A (name) and/or part B (ship type, call sign, size) for
//     Class B, the two messages a class B transponder itself sends. By
//     default only when the vessel's static columns changed (Params).
// Every observation has the row's Timestamp as its time (TimeSource::kRecord).
//
// Rejected rows (the stream continues): kBadCsvRow (column count differs from
// the header, broken quoting), kMissingField / kBadValue for Timestamp, MMSI,
// Type of mobile, Latitude and Longitude. A bad optional value (SOG "abc",
// heading 400, an unknown status word) is set to "not available" and counted
// as a warning kBadValue; the row is kept.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time.h"
#include "decode/ais_decoder_base.h"
#include "decode/csv/csv_row.h"
#include "decode/csv/static_change_filter.h"

namespace lookout::csv {

struct DmaRow;

class DmaCsvDecoder final : public AisDecoder {
 public:
  struct Params {
    /// Emit static messages only when a vessel's static columns differ from its
    /// previous row (DMA repeats them on every row); false = on every row.
    bool static_on_change_only = true;
    /// Vessels remembered for that; the memory is cleared when it is full.
    std::size_t max_static_vessels = std::size_t{1} << 17;
  };

  DmaCsvDecoder() : DmaCsvDecoder(Params{}) {}
  explicit DmaCsvDecoder(Params params);

  void feed(std::string_view line, ObservationSink sink) override;
  const char* format_name() const override { return "dma_csv"; }

  // Columns the decoder reads, in the order of the DMA header.
  static constexpr std::size_t kColumnCount = 26;

 private:
  // Maps the columns when `line` is a header with at least Timestamp, Type of
  // mobile, MMSI, Latitude and Longitude. Uses (and clobbers) splitter_.
  bool try_header(std::string_view line);
  std::string_view column(std::size_t col) const;
  Result<Timestamp> row_time(std::string_view text);
  Result<DmaRow> parse_row();
  uint8_t parse_epfd();
  // Any static column non-empty (IMO other than "Unknown", ship type other
  // than "Undefined"): a text test, so rows whose static data did not change
  // are never parsed further.
  bool has_static_columns() const;
  void parse_voyage(DmaRow& row);
  void emit_position(const DmaRow& row, ObservationSink sink);
  void emit_static(DmaRow& row, ObservationSink sink);
  template <typename Body>
  void emit(uint8_t type, const DmaRow& row, const Body& body, ObservationSink sink);

  Params params_;
  RowSplitter splitter_;
  StaticChangeFilter static_filter_;
  bool have_header_ = false;
  std::size_t header_fields_ = 0;
  std::array<int16_t, kColumnCount> columns_{};  // field index per column, -1 = absent
  // Consecutive rows mostly share their time stamp: parse it once.
  std::array<char, 32> last_time_text_{};
  std::size_t last_time_size_ = 0;
  Timestamp last_time_{};
  AisObservation obs_;  // reused for every emitted message
};

}  // namespace lookout::csv
