#include "decode/nmea/fragment_assembler.h"

#include <bit>
#include <cstring>

namespace lookout::nmea {

namespace {

constexpr uint64_t kMix = 0x9E3779B97F4A7C15ull;

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + kMix + (h << 6) + (h >> 2);
  return h;
}

uint16_t full_mask(uint8_t count) { return static_cast<uint16_t>(((1u << count) - 1u) << 1); }

// Where the fragment number sits in a sentence ("!AIVDM,2,1,..."): errors
// about a fragment point there.
constexpr std::size_t kFragmentNumberOffset = 9;

}  // namespace

bool FragmentAssembler::Key::operator==(const Key& o) const {
  return by_group == o.by_group && group_id == o.group_id && own_vessel == o.own_vessel &&
         talker[0] == o.talker[0] && talker[1] == o.talker[1] && channel == o.channel &&
         sequence_id == o.sequence_id;
}

FragmentAssembler::FragmentAssembler(const Params& p) : params_(p) {
  if (params_.max_pending == 0) params_.max_pending = 1;
  slots_.resize(params_.max_pending);
  free_.reserve(params_.max_pending);
  for (auto idx = static_cast<int32_t>(params_.max_pending); idx-- > 0;) free_.push_back(idx);
  // At most half full, so that probe sequences stay short.
  table_.assign(std::bit_ceil(std::size_t{params_.max_pending} * 2), 0);
  table_mask_ = table_.size() - 1;
}

FragmentAssembler::Key FragmentAssembler::make_key(const Sentence& s, const FragmentContext& ctx) {
  Key k;
  k.by_group = ctx.group_id.has_value();
  if (k.by_group) k.group_id = *ctx.group_id;
  k.own_vessel = s.own_vessel;
  k.talker[0] = s.talker[0];
  k.talker[1] = s.talker[1];
  k.channel = s.channel;
  k.sequence_id = s.sequence_id;
  return k;
}

uint64_t FragmentAssembler::hash(const Key& k) {
  uint64_t h = mix(0, k.group_id);
  h = mix(h, (uint64_t{k.by_group} << 40) | (uint64_t{k.own_vessel} << 32) |
                 (uint64_t{static_cast<uint8_t>(k.talker[0])} << 24) |
                 (uint64_t{static_cast<uint8_t>(k.talker[1])} << 16) |
                 (uint64_t{static_cast<uint8_t>(k.channel)} << 8) |
                 static_cast<uint8_t>(k.sequence_id));
  return h * kMix;
}

int32_t FragmentAssembler::find(const Key& k, uint64_t h, std::string_view station) const {
  // Entries with equal hashes share one probe run; among equal keys prefer
  // the message from the same station, else one whose station is unknown on
  // either side (a station named on the first fragment only).
  int32_t compatible = -1;
  for (std::size_t i = h & table_mask_;; i = (i + 1) & table_mask_) {
    const int32_t entry = table_[i];
    if (entry == 0) return compatible;
    const Slot& slot = slots_[static_cast<std::size_t>(entry - 1)];
    if (slot.hash != h || !(slot.key == k)) continue;
    if (k.by_group || slot.station.view() == station) return entry - 1;
    if (compatible < 0 && (station.empty() || slot.station.empty())) compatible = entry - 1;
  }
}

void FragmentAssembler::table_insert(int32_t idx) {
  std::size_t i = slots_[static_cast<std::size_t>(idx)].hash & table_mask_;
  while (table_[i] != 0) i = (i + 1) & table_mask_;
  table_[i] = idx + 1;
}

void FragmentAssembler::table_erase(int32_t idx) {
  std::size_t i = slots_[static_cast<std::size_t>(idx)].hash & table_mask_;
  while (table_[i] != idx + 1) i = (i + 1) & table_mask_;
  // Backward-shift deletion: move later entries of the probe run into the
  // hole unless that would put them before their home bucket.
  for (std::size_t j = (i + 1) & table_mask_; table_[j] != 0; j = (j + 1) & table_mask_) {
    const std::size_t home = slots_[static_cast<std::size_t>(table_[j] - 1)].hash & table_mask_;
    const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    table_[i] = table_[j];
    i = j;
  }
  table_[i] = 0;
}

void FragmentAssembler::link(List& list, int32_t idx) {
  Slot& slot = slots_[static_cast<std::size_t>(idx)];
  slot.prev = list.tail;
  slot.next = -1;
  if (list.tail >= 0) {
    slots_[static_cast<std::size_t>(list.tail)].next = idx;
  } else {
    list.head = idx;
  }
  list.tail = idx;
}

void FragmentAssembler::unlink(List& list, int32_t idx) {
  Slot& slot = slots_[static_cast<std::size_t>(idx)];
  if (slot.prev >= 0) {
    slots_[static_cast<std::size_t>(slot.prev)].next = slot.next;
  } else {
    list.head = slot.next;
  }
  if (slot.next >= 0) {
    slots_[static_cast<std::size_t>(slot.next)].prev = slot.prev;
  } else {
    list.tail = slot.prev;
  }
  slot.prev = slot.next = -1;
}

void FragmentAssembler::release(int32_t idx) {
  Slot& slot = slots_[static_cast<std::size_t>(idx)];
  unlink(slot.reordering ? reorder_ : waiting_, idx);
  table_erase(idx);
  free_.push_back(idx);
}

void FragmentAssembler::drop(int32_t idx, ErrorCode code, DropSink drops) {
  Slot& slot = slots_[static_cast<std::size_t>(idx)];
  const std::string_view held(slot.chars, slot.used);
  if ((slot.have & 2u) == 0) {
    // Never saw fragment 1: every fragment held is an orphan.
    for (int n = std::popcount(slot.have); n > 0; --n) {
      drops(make_error(ErrorCode::kOrphanFragment), held);
    }
  } else {
    drops(make_error(code), held);
  }
  release(idx);
}

bool FragmentAssembler::append(Slot& slot, const Sentence& s, const FragmentContext& ctx) {
  if (slot.used + s.payload.size() > kMaxPayloadChars) return false;
  const uint8_t n = s.fragment_number;
  std::memcpy(slot.chars + slot.used, s.payload.data(), s.payload.size());
  slot.offset[n] = slot.used;
  slot.length[n] = static_cast<uint8_t>(s.payload.size());
  slot.used = static_cast<uint8_t>(slot.used + s.payload.size());
  slot.have = static_cast<uint16_t>(slot.have | (1u << n));
  if (n == slot.count) slot.fill_bits = s.fill_bits;
  // The first fragment's time and station win; any other fills a gap.
  if (ctx.time && (n == 1 || !slot.time)) {
    slot.time = ctx.time;
    slot.time_source = ctx.time_source;
  }
  if (!ctx.station.empty() && (n == 1 || slot.station.empty())) slot.station.assign(ctx.station);
  return true;
}

int32_t FragmentAssembler::create(const Key& k, uint64_t h, const Sentence& s, uint64_t line,
                                  DropSink drops) {
  if (free_.empty()) {
    // Overflow: drop the message that has waited longest.
    const int32_t a = waiting_.head;
    const int32_t b = reorder_.head;
    int32_t oldest = a;
    if (a < 0 || (b >= 0 && slots_[static_cast<std::size_t>(b)].first_line <
                                slots_[static_cast<std::size_t>(a)].first_line)) {
      oldest = b;
    }
    drop(oldest, ErrorCode::kFragmentOverflow, drops);
  }
  const int32_t idx = free_.back();
  free_.pop_back();
  Slot& slot = slots_[static_cast<std::size_t>(idx)];
  slot.key = k;
  slot.hash = h;
  slot.first_line = line;
  slot.time.reset();
  slot.time_source = TimeSource::kNone;
  slot.station.clear();
  slot.have = 0;
  slot.count = s.fragment_count;
  slot.fill_bits = 0;
  slot.used = 0;
  slot.reordering = s.fragment_number != 1;
  slot.deadline_line = line + (slot.reordering ? params_.reorder_lines : params_.timeout_lines);
  link(slot.reordering ? reorder_ : waiting_, idx);
  table_insert(idx);
  return idx;
}

const AssembledMessage* FragmentAssembler::assemble(Slot& slot) {
  std::size_t used = 0;
  for (uint8_t n = 1; n <= slot.count; ++n) {
    std::memcpy(out_chars_ + used, slot.chars + slot.offset[n], slot.length[n]);
    used += slot.length[n];
  }
  out_station_ = slot.station;
  out_.payload = std::string_view(out_chars_, used);
  out_.fill_bits = slot.fill_bits;
  out_.fragments = slot.count;
  out_.time = slot.time;
  out_.time_source = slot.time_source;
  out_.station = out_station_.view();
  out_.channel = slot.key.channel;
  out_.own_vessel = slot.key.own_vessel;
  return &out_;
}

Result<const AssembledMessage*> FragmentAssembler::add(const Sentence& s,
                                                       const FragmentContext& ctx, uint64_t line,
                                                       DropSink drops) noexcept {
  if (s.fragment_count == 1) {
    // Not a fragment at all (callers usually decode these directly); passed
    // through so that the assembler can be fed every sentence.
    if (s.payload.size() > kMaxPayloadChars) return make_error(ErrorCode::kPayloadOverflow);
    std::memcpy(out_chars_, s.payload.data(), s.payload.size());
    out_station_.assign(ctx.station);
    out_ = AssembledMessage{std::string_view(out_chars_, s.payload.size()), s.fill_bits, 1,
                            ctx.time, ctx.time_source, out_station_.view(), s.channel,
                            s.own_vessel};
    return &out_;
  }
  if (s.fragment_count > 9 || s.fragment_number < 1 || s.fragment_number > s.fragment_count) {
    return make_error(ErrorCode::kBadSentenceField, kFragmentNumberOffset, "fragment_number");
  }
  const Key key = make_key(s, ctx);
  const uint64_t h = hash(key);
  int32_t idx = find(key, h, ctx.station);
  const bool first = s.fragment_number == 1;

  if (idx >= 0) {
    Slot& slot = slots_[static_cast<std::size_t>(idx)];
    const bool have = (slot.have & (1u << s.fragment_number)) != 0;
    const bool new_message =
        slot.count != s.fragment_count ||
        (first && have &&
         std::string_view(slot.chars + slot.offset[1], slot.length[1]) != s.payload);
    if (new_message) {
      // A new fragment 1 starts a new message: the pending one never
      // completed. A later fragment that does not fit belongs to a message
      // whose first fragment was lost.
      if (!first) {
        return make_error(ErrorCode::kOrphanFragment, kFragmentNumberOffset, "fragment_number");
      }
      drop(idx, ErrorCode::kFragmentTimeout, drops);
      idx = -1;
    } else if (have) {
      return make_error(ErrorCode::kDuplicateFragment, kFragmentNumberOffset, "fragment_number");
    }
  }

  if (idx < 0) {
    if (!first && (params_.reorder_lines == 0 || (!key.by_group && key.sequence_id < 0))) {
      return make_error(ErrorCode::kOrphanFragment, kFragmentNumberOffset, "fragment_number");
    }
    idx = create(key, h, s, line, drops);
  }

  Slot& slot = slots_[static_cast<std::size_t>(idx)];
  if (!append(slot, s, ctx)) {
    release(idx);
    return make_error(ErrorCode::kPayloadOverflow, 0, "payload");
  }
  if (first && slot.reordering) {
    // Fragment 1 caught up with the later ones: wait like any message from now.
    unlink(reorder_, idx);
    slot.reordering = false;
    slot.first_line = line;
    slot.deadline_line = line + params_.timeout_lines;
    link(waiting_, idx);
  }
  if (slot.have != full_mask(slot.count)) return nullptr;
  const AssembledMessage* msg = assemble(slot);
  release(idx);
  return msg;
}

void FragmentAssembler::expire(uint64_t line, const FragmentContext& ctx,
                               DropSink drops) noexcept {
  while (waiting_.head >= 0) {
    const Slot& slot = slots_[static_cast<std::size_t>(waiting_.head)];
    const bool late_line = line > slot.deadline_line;
    // Only one receiver's clock is comparable with itself: merged feeds
    // (satellites, networks of stations) interleave lines hours apart.
    const bool late_time = ctx.time && slot.time && slot.station.view() == ctx.station &&
                           *ctx.time - *slot.time > params_.timeout;
    if (!late_line && !late_time) break;
    drop(waiting_.head, ErrorCode::kFragmentTimeout, drops);
  }
  while (reorder_.head >= 0 &&
         line > slots_[static_cast<std::size_t>(reorder_.head)].deadline_line) {
    drop(reorder_.head, ErrorCode::kFragmentTimeout, drops);
  }
}

void FragmentAssembler::flush(DropSink drops) noexcept {
  while (waiting_.head >= 0) drop(waiting_.head, ErrorCode::kFragmentTimeout, drops);
  while (reorder_.head >= 0) drop(reorder_.head, ErrorCode::kFragmentTimeout, drops);
}

}  // namespace lookout::nmea
