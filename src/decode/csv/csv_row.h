// RowSplitter: one CSV record into field views, without allocating per row.
//
// Problem: the historical AIS exports are plain CSV but not quite uniform.
// DMA quotes fields that hold the separator ("ROENNE,DENMARK") and doubles a
// quote inside a quoted field ("DANPILOT.""SPICA"""); Kystverket uses ';'.
// Rows run to millions a day, so splitting must not touch the heap: fields
// are views into the line itself, and only a quoted field with a doubled
// quote is copied (into a scratch buffer that is reused from row to row).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lookout::csv {

class RowSplitter {
 public:
  static constexpr std::size_t kMaxFields = 64;

  // Splits `line` (no terminator; a trailing '\r' is ignored) on `sep`.
  // Unquoted fields are trimmed of spaces and tabs; quoted fields keep their
  // content exactly, with "" turned into ".
  // Returns the number of fields, or kBadCsvRow with the byte offset of the
  // problem: an unterminated quote, text after a closing quote, or more than
  // kMaxFields fields. On error the previous fields are no longer valid.
  // The views stay valid until the next split() or until `line` goes away.
  Result<std::size_t> split(std::string_view line, char sep);

  std::size_t size() const { return count_; }
  // REQUIRES: i < size().
  std::string_view operator[](std::size_t i) const { return fields_[i]; }

 private:
  // Splits a line that holds no quote; false when it has too many fields.
  bool split_unquoted(std::string_view line, char sep);
  // Reads the quoted field that starts at line[pos] == '"'; advances pos past
  // the closing quote. False on an unterminated quote.
  bool read_quoted(std::string_view line, std::size_t& pos, std::string_view& out);

  std::array<std::string_view, kMaxFields> fields_{};
  std::size_t count_ = 0;
  std::string scratch_;  // unescaped quoted fields; reserved to the line size
  std::size_t scratch_used_ = 0;
};

// The index of the header field named `name` in `header`, or -1. Names are
// compared without case, after trimming and dropping a leading '#' (DMA
// writes "# Timestamp").
int find_column(const RowSplitter& header, std::string_view name) noexcept;

}  // namespace lookout::csv
