// InputMerge: every recorded input - any number of files, any mix of
// formats - merged into one stream in event-time order, with a bounded
// reorder window. `lookout replay` and the live node's file inputs read
// through it.
//
// Problem: two receivers' logs of the same hours, read one after the other,
// make half the positions "late" and change the alerts; a receiver's own log
// is only nearly in time order. So the merge reads from the input that is
// furthest behind in event time (one line at a time, InputSource), keeps
// what it read in a reorder buffer, and hands an item out once no input can
// still bring an earlier one: when its time is more than `window` before the
// time every unfinished input has reached. Within each input, items that
// arrive in order go to a sorted queue of that input (the common case: O(1)),
// the few that arrive out of order to one shared heap; a k-way heap over the
// inputs' queues and that heap picks the next item.
//
// The order is total and does not depend on the order of the inputs:
// event time, then detections before AIS before cooperative reports, then the content key (a hash of
// the raw line, then the item's index in it; InputSource). So any split of a
// recording into several files, given in any order, comes out as the whole
// file does - as long as no input is out of order by more than the window.
// An item later than that is not dropped: it goes out at once, after items
// that are later than it, and is counted (counts().late).
//
// Items without an event time (NMEA without tag block or time stamp) have
// no place in event time: each goes out as soon as it is read, so the engine
// stamps it with the time the merged stream has reached - as the live node
// stamps such a line with its clock - and a file of them streams through in
// file order without being held. Their order among other inputs' items
// depends on how far the merge has read, so they are the one kind of input
// for which a split or the command-line order can matter.
//
// Memory: the buffer holds, for each input, the items of at most `window`
// of event time behind the slowest input, plus one line's items per input
// (an input ahead of the others is not read further until the others catch
// up; one behind is read until it is not). An input that ends early no
// longer holds the others back.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/input_source.h"
#include "core/result.h"
#include "decode/detection.h"
#include "decode/observation.h"
#include "decode/sniff.h"

namespace lookout {

struct MergeParams {
  std::chrono::milliseconds window{60'000};  ///< How far out of order an input may be.
  InputSource::Params source;                ///< How each input is read.
};

// One item of the merged stream: an AIS observation, a sensor detection or
// a cooperative report (ADS-B), and the index of the input it came from.
struct MergedItem {
  enum class Kind : uint8_t { kAis, kDetection, kCooperative };
  Kind kind = Kind::kAis;
  std::size_t source = 0;
  const AisObservation* ais = nullptr;          // when kAis
  const SensorDetection* detection = nullptr;   // when kDetection
  const CooperativeReport* cooperative = nullptr;  // when kCooperative
};

struct MergeCounts {
  uint64_t items = 0;          ///< Items handed out.
  uint64_t late = 0;           ///< Of those, items that went out after a later one.
  std::size_t peak_buffered = 0;  ///< The most items held at once.
};

class InputMerge {
 public:
  explicit InputMerge(MergeParams params = {});
  InputMerge(const InputMerge&) = delete;
  InputMerge& operator=(const InputMerge&) = delete;
  InputMerge(InputMerge&&) = delete;
  InputMerge& operator=(InputMerge&&) = delete;
  ~InputMerge();

  // Adds an input (see InputSource::open for `format` and the errors). Add
  // every input before the first peek().
  Result<InputFormat> add(const std::string& path, InputFormat format = InputFormat::kUnknown);

  // The next item in event-time order, reading more input as needed;
  // nullptr when every input is done. Valid until pop().
  const MergedItem* peek();
  // Done with the item peek() returned.
  void pop();

  std::size_t size() const { return lanes_.size(); }
  const InputSource& source(std::size_t i) const;
  const MergeCounts& counts() const { return counts_; }
  // Items read and not yet handed out.
  std::size_t buffered() const { return buffered_; }

 private:
  struct Key {
    int64_t time = 0;      // unix ms; kNoTime (first of all) for untimed items
    uint8_t rank = 0;      // kRankDetection, kRankAis, kRankUntimed or kRankCooperative
    uint32_t source = 0;   // compared only between untimed items
    uint64_t tie = 0;      // line hash; for untimed items the input's sequence number
    uint32_t index = 0;    // the item's index in its line
  };
  struct Entry {
    Key key;
    uint32_t slot = 0;     // in ais_pool_, detection_pool_ or cooperative_pool_ (by rank)
  };
  struct Lane;
  // The merge's order (see the top of this file); inline: sorting runs calls it most.
  static bool before(const Key& a, const Key& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.rank == 2 && a.source != b.source) return a.source < b.source;  // untimed
    if (a.tie != b.tie) return a.tie < b.tie;
    return a.index < b.index;
  }

  void accept(Lane& lane, std::size_t lane_index, int64_t time, bool timed, uint8_t rank, LineKey key,
              uint32_t slot);
  void flush_run(Lane& lane, std::size_t lane_index);
  bool read_step();
  void recompute_bound();

  MergeParams params_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::vector<uint32_t> lane_heap_;   // lanes with a non-empty queue, by their queue's front
  std::vector<Entry> disorder_;       // items that arrived out of order (a min-heap)
  std::vector<Entry> untimed_;        // items without time, out next (a queue from untimed_head_)
  std::size_t untimed_head_ = 0;
  std::vector<AisObservation> ais_pool_;
  std::vector<uint32_t> ais_free_;
  std::vector<SensorDetection> detection_pool_;
  std::vector<uint32_t> detection_free_;
  std::vector<CooperativeReport> cooperative_pool_;
  std::vector<uint32_t> cooperative_free_;
  int64_t bound_;                     // items before this time may go out
  std::size_t reading_;               // the lane being read
  int64_t reading_limit_ = 0;         // ... while its time is at most this
  MergedItem current_;
  Entry current_entry_;
  int current_from_ = -2;             // -2 none, -3 untimed_, -1 disorder_, else a lane
  Key last_;
  bool any_out_ = false;
  std::size_t buffered_ = 0;
  MergeCounts counts_;
};

}  // namespace lookout
