// KystverketCsvDecoder: the Norwegian Coastal Administration's AIS CSV
// (historical positions as distributed by LOS VTS under NLOD 2.0).
//
//   ;mmsi;imo_nr;length;date_time_utc;lon;lat;sog;cog;true_heading;nav_status;message_nr
//   0;257706000;9436161;48;2022-09-01 20:27:05;5.3068;60.3937;3.0;104.9;112;0;1
//
// Semicolon separated (a comma header is accepted too), usually with a
// leading unnamed index column; columns are found by header name. Every row
// is one position report of type `message_nr`: 1/2/3 (class A), 18 and 19
// (class B; 19 without its static part), 9 (SAR aircraft), 27 (long range).
// Without a message_nr column the type is 1. Time: date_time_utc
// ("2022-09-01 20:27:05", UTC) as TimeSource::kRecord.
//
// imo_nr and length are static data repeated on every row, so a static
// message is emitted only when they change for an MMSI: type 5 (IMO, length
// split amidships as to_bow/to_stern, width unknown) for class A and type
// 27, type 24 part B (length only; the IMO has no place in it) for class B.
// The per-MMSI memory is bounded by Params::max_static_vessels.
//
// Rejected rows: kBadCsvHeader before a header, kBadCsvRow (column count),
// kMissingField / kBadValue for mmsi, date_time_utc, lon, lat and
// message_nr. Bad optional values become "not available" with a kBadValue
// warning.
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

struct KystverketRow;

class KystverketCsvDecoder final : public AisDecoder {
 public:
  struct Params {
    /// Vessels whose last IMO/length are remembered; cleared when full.
    std::size_t max_static_vessels = std::size_t{1} << 16;
  };

  KystverketCsvDecoder() : KystverketCsvDecoder(Params{}) {}
  explicit KystverketCsvDecoder(Params params);

  void feed(std::string_view line, ObservationSink sink) override;
  const char* format_name() const override { return "kystverket_csv"; }

  static constexpr std::size_t kColumnCount = 11;

 private:
  bool try_header(std::string_view line);
  std::string_view column(std::size_t col) const;
  Result<KystverketRow> parse_row();
  void emit_position(const KystverketRow& row, ObservationSink sink);
  void emit_static(const KystverketRow& row, ObservationSink sink);
  template <typename Body>
  void emit(uint8_t type, const KystverketRow& row, const Body& body, ObservationSink sink);

  RowSplitter splitter_;
  StaticChangeFilter static_filter_;
  char sep_ = ';';
  bool have_header_ = false;
  std::size_t header_fields_ = 0;
  std::array<int16_t, kColumnCount> columns_{};
  AisObservation obs_;
};

}  // namespace lookout::csv
