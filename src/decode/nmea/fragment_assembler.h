// Multi-sentence reassembly: the fragments of one AIS message, which may be
// interleaved with other messages, other channels and other stations, become
// one payload.
//
// Fragments belong together when they share a key:
//   - the tag-block group id (`g:1-2-1604`) when the fragment has one, since
//     loggers often put the station `s:` on the first fragment only; else
//   - the channel and the sequential message id, and the station (`s:`)
//     when both fragments name one;
// and in both cases the talker and VDM/VDO, so `!ABVDM` and `!BSVDM` from one
// base station never mix.
//
// Everything is bounded and allocated once, in the constructor:
//   - at most Params::max_pending messages in flight; one more drops the
//     oldest (kFragmentOverflow);
//   - at most 9 fragments (the sentence format allows no more) and
//     kMaxPayloadChars characters (1008 bits, the most any AIS message holds)
//     per message (kPayloadOverflow);
//   - a message whose first fragment is older than Params::timeout_lines
//     lines, or than Params::timeout in the event time of a later line from
//     the same station, is dropped (kFragmentTimeout).
// A later fragment whose first never came is an orphan (kOrphanFragment).
// Fragments that arrive out of order (2 before 1) are held for
// Params::reorder_lines lines when a sequence or group id tells them apart
// from other messages; without either id (empty sequence field, no `g:`) a
// fragment 2 can only pair with the fragment 1 pending for the same key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/fixed_string.h"
#include "core/function_ref.h"
#include "core/result.h"
#include "core/time.h"
#include "decode/nmea/sentence.h"
#include "decode/observation.h"

namespace lookout::nmea {

// 1008 bits at six bits per character: the longest AIS message (5 slots).
inline constexpr std::size_t kMaxPayloadChars = 168;

// What the line around a fragment said about it.
struct FragmentContext {
  std::string_view station;           // tag block s:, may be empty
  std::optional<uint32_t> group_id;   // tag block g: id
  std::optional<Timestamp> time;      // best event time of the line
  TimeSource time_source = TimeSource::kNone;
};

// A complete message. The views are valid until the next call on the
// assembler that produced it.
struct AssembledMessage {
  std::string_view payload;
  uint8_t fill_bits = 0;                 // from the last fragment
  uint8_t fragments = 0;
  std::optional<Timestamp> time;         // of the first fragment (else of any that had one)
  TimeSource time_source = TimeSource::kNone;
  std::string_view station;              // of the first fragment that named one
  char channel = 0;
  bool own_vessel = false;
};

class FragmentAssembler {
 public:
  struct Params {
    uint32_t max_pending = 1024;             ///< Messages in reassembly at once.
    uint32_t timeout_lines = 100;            ///< Lines a message may wait for its last fragment.
    std::chrono::milliseconds timeout{10000};  ///< Event time it may wait, when lines carry time.
    uint32_t reorder_lines = 8;              ///< Lines a later fragment may wait for fragment 1.
  };

  // Receives every message or fragment the assembler gives up on: the code
  // (kFragmentTimeout, kFragmentOverflow, kOrphanFragment) and the payload
  // characters it held, valid during the call. Orphans are reported once per
  // fragment, every other drop once per message.
  using DropSink = FunctionRef<void(const Error&, std::string_view held)>;

  FragmentAssembler() : FragmentAssembler(Params{}) {}
  // Allocates room for p.max_pending messages (about 300 bytes each).
  // REQUIRES: p.max_pending >= 1.
  explicit FragmentAssembler(const Params& p);
  FragmentAssembler(const FragmentAssembler&) = delete;
  FragmentAssembler& operator=(const FragmentAssembler&) = delete;
  FragmentAssembler(FragmentAssembler&&) = delete;
  FragmentAssembler& operator=(FragmentAssembler&&) = delete;
  ~FragmentAssembler() = default;

  // Adds one fragment seen on line number `line` (increasing; the caller's
  // count of lines). Returns the message when this fragment completed one,
  // nullptr when it is held, or an Error for this fragment: kDuplicateFragment,
  // kOrphanFragment, kPayloadOverflow. Messages dropped on the way (a new
  // fragment 1 replacing a pending one, overflow) go to `drops`.
  // The sentence's views need not outlive the call.
  Result<const AssembledMessage*> add(const Sentence& s, const FragmentContext& ctx,
                                      uint64_t line, DropSink drops) noexcept;

  // Drops what has waited too long as of line `line`, and as of the event
  // time of `ctx` for messages from the same station (ctx.station, empty
  // matching empty): times of different receivers are not comparable. Call
  // before add() on each new line.
  void expire(uint64_t line, const FragmentContext& ctx, DropSink drops) noexcept;

  // Drops everything pending (end of input).
  void flush(DropSink drops) noexcept;

  // Messages in reassembly now.
  std::size_t pending() const noexcept { return slots_.size() - free_.size(); }

 private:
  // The station is not part of the key: it is compared apart, since it may be
  // named on the first fragment only (see find()).
  struct Key {
    uint32_t group_id = 0;
    bool by_group = false;
    bool own_vessel = false;
    char talker[2] = {0, 0};
    char channel = 0;
    int8_t sequence_id = -1;
    bool operator==(const Key& o) const;
  };
  // One message in reassembly. Fragments are stored in arrival order in
  // `chars`; offset/length say where fragment n is.
  struct Slot {
    Key key;
    uint64_t hash = 0;
    uint64_t first_line = 0;     // line of the first fragment to arrive (of fragment 1 once seen)
    uint64_t deadline_line = 0;  // dropped when a later line number exceeds this
    std::optional<Timestamp> time;
    TimeSource time_source = TimeSource::kNone;
    FixedString<24> station;
    int32_t prev = -1;
    int32_t next = -1;
    uint16_t have = 0;           // bit n set when fragment n is stored
    uint8_t count = 0;
    uint8_t fill_bits = 0;
    uint8_t used = 0;            // characters in `chars`
    bool reordering = false;     // in reorder_ (fragment 1 not seen yet)
    uint8_t offset[10] = {};
    uint8_t length[10] = {};
    char chars[kMaxPayloadChars] = {};
  };
  struct List {
    int32_t head = -1;
    int32_t tail = -1;
  };

  static Key make_key(const Sentence& s, const FragmentContext& ctx);
  static uint64_t hash(const Key& k);

  int32_t find(const Key& k, uint64_t h, std::string_view station) const;
  int32_t create(const Key& k, uint64_t h, const Sentence& s, uint64_t line, DropSink drops);
  bool append(Slot& slot, const Sentence& s, const FragmentContext& ctx);
  const AssembledMessage* assemble(Slot& slot);
  void drop(int32_t idx, ErrorCode code, DropSink drops);
  void release(int32_t idx);
  void link(List& list, int32_t idx);
  void unlink(List& list, int32_t idx);
  void table_insert(int32_t idx);
  void table_erase(int32_t idx);

  Params params_;
  std::vector<Slot> slots_;
  std::vector<int32_t> free_;
  std::vector<int32_t> table_;  // open addressing, linear probing: slot index + 1, 0 = empty
  std::size_t table_mask_ = 0;
  List waiting_;                // messages with fragment 1, oldest first
  List reorder_;                // later fragments waiting for their fragment 1, oldest first
  char out_chars_[kMaxPayloadChars] = {};
  FixedString<24> out_station_;
  AssembledMessage out_;
};

}  // namespace lookout::nmea
