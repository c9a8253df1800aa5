#include "decode/csv/csv_row.h"

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decode/csv/field_parse.h"

namespace lookout::csv {

namespace {

// Index of the first `sep` at or after `pos`, or `size`. Eight bytes a step:
// a byte of (word ^ pattern) is zero where the separator is, and the classic
// has-zero-byte test flags the lowest such byte exactly (little-endian).
std::size_t find_separator(const char* p, std::size_t pos, std::size_t size, char sep) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighs = 0x8080808080808080ULL;
    const uint64_t pattern = kOnes * static_cast<unsigned char>(sep);
    while (pos + 8 <= size) {
      uint64_t word = 0;
      std::memcpy(&word, p + pos, 8);
      uint64_t x = word ^ pattern;
      uint64_t hit = (x - kOnes) & ~x & kHighs;
      if (hit != 0) return pos + static_cast<std::size_t>(std::countr_zero(hit) >> 3);
      pos += 8;
    }
  }
  while (pos < size && p[pos] != sep) ++pos;
  return pos;
}

}  // namespace

bool RowSplitter::split_unquoted(std::string_view line, char sep) {
  const char* data = line.data();
  const std::size_t size = line.size();
  std::size_t start = 0;
  // Ends the field that runs from `start` to `end`; false when there are too many.
  auto end_field = [&](std::size_t end) {
    if (count_ == kMaxFields) return false;
    fields_[count_++] = trim(std::string_view(data + start, end - start));
    start = end + 1;
    return true;
  };
  std::size_t base = 0;
#if defined(__SSE2__)
  // Sixteen bytes a step: a bit mask of where the separators are, then one
  // field per set bit. A row of ~200 bytes and 27 fields costs a few hundred
  // instructions instead of a scan per field.
  const __m128i pattern = _mm_set1_epi8(sep);
  for (; base + 16 <= size; base += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + base));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, pattern)));
    while (mask != 0) {
      if (!end_field(base + static_cast<std::size_t>(std::countr_zero(mask)))) return false;
      mask &= mask - 1;
    }
  }
#endif
  for (std::size_t at = base; at < size; ++at) {
    if (data[at] == sep && !end_field(at)) return false;
  }
  return end_field(size);
}

bool RowSplitter::read_quoted(std::string_view line, std::size_t& pos, std::string_view& out) {
  const std::size_t start = pos + 1;
  std::size_t close = line.find('"', start);
  if (close == std::string_view::npos) return false;
  // The common case: no doubled quote, so the content is a view of the line.
  if (close + 1 >= line.size() || line[close + 1] != '"') {
    out = line.substr(start, close - start);
    pos = close + 1;
    return true;
  }
  // A doubled quote: unescape into the scratch buffer. The buffer was
  // reserved to the line size before splitting, so it never reallocates and
  // earlier views into it stay valid.
  char* dst = scratch_.data() + scratch_used_;
  std::size_t n = 0;
  std::size_t i = start;
  while (true) {
    if (i >= line.size()) return false;
    char c = line[i];
    if (c == '"') {
      if (i + 1 < line.size() && line[i + 1] == '"') {
        dst[n++] = '"';
        i += 2;
        continue;
      }
      break;
    }
    dst[n++] = c;
    ++i;
  }
  out = std::string_view(dst, n);
  scratch_used_ += n;
  pos = i + 1;
  return true;
}

Result<std::size_t> RowSplitter::split(std::string_view line, char sep) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  count_ = 0;
  scratch_used_ = 0;
  const char* data = line.data();
  const std::size_t size = line.size();
  std::size_t pos = 0;

  // Most rows hold no quote at all: separators are the only structure.
  if (std::memchr(data, '"', size) == nullptr) {
    if (!split_unquoted(line, sep)) return make_error(ErrorCode::kBadCsvRow, size);
    return count_;
  }

  if (scratch_.size() < size) scratch_.resize(size);
  while (true) {
    if (count_ == kMaxFields) return make_error(ErrorCode::kBadCsvRow, pos);
    // Skip leading blanks so that ` "x"` is still seen as quoted.
    std::size_t first = pos;
    while (first < size && (data[first] == ' ' || data[first] == '\t')) ++first;
    if (first < size && data[first] == '"') {
      std::size_t at = first;
      std::string_view value;
      if (!read_quoted(line, at, value)) return make_error(ErrorCode::kBadCsvRow, first);
      while (at < size && (data[at] == ' ' || data[at] == '\t')) ++at;
      fields_[count_++] = value;
      if (at == size) return count_;
      if (data[at] != sep) return make_error(ErrorCode::kBadCsvRow, at);
      pos = at + 1;
      continue;
    }
    std::size_t end = find_separator(data, pos, size, sep);
    fields_[count_++] = trim(std::string_view(data + pos, end - pos));
    if (end == size) return count_;
    pos = end + 1;
  }
}

int find_column(const RowSplitter& header, std::string_view name) noexcept {
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string_view h = header[i];
    if (h.substr(0, 3) == "\xEF\xBB\xBF") h = trim(h.substr(3));  // UTF-8 byte order mark
    if (!h.empty() && h.front() == '#') h = trim(h.substr(1));
    if (iequals(h, name)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace lookout::csv
