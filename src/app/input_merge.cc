#include "app/input_merge.h"

#include <algorithm>
#include <limits>

namespace lookout {

namespace {

constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();
constexpr int64_t kEnd = std::numeric_limits<int64_t>::max();
constexpr std::size_t kNoLane = std::numeric_limits<std::size_t>::max();
constexpr uint8_t kRankDetection = 0;
constexpr uint8_t kRankAis = 1;
constexpr uint8_t kRankUntimed = 2;  // InputMerge::before() spells it 2
constexpr uint8_t kRankCooperative = 3;

int64_t minus_window(int64_t t, int64_t window_ms) {
  if (t == kNoTime) return kNoTime;
  if (t < kNoTime + window_ms + 1) return kNoTime + 1;
  return t - window_ms;
}

template <typename T>
uint32_t take_slot(std::vector<T>& pool, std::vector<uint32_t>& free, const T& value) {
  if (!free.empty()) {
    uint32_t slot = free.back();
    free.pop_back();
    pool[slot] = value;
    return slot;
  }
  pool.push_back(value);
  return static_cast<uint32_t>(pool.size() - 1);
}

}  // namespace

// One input: its source, the time it has reached, the run of items of that
// time (sorted when a later time arrives) and the sorted queue before it.
struct InputMerge::Lane {
  std::unique_ptr<InputSource> src;
  int64_t reached = kNoTime;
  bool done = false;
  std::vector<Entry> run;
  std::vector<Entry> ring;  // the queue: a ring, capacity a power of two
  std::size_t head = 0, count = 0;
  uint64_t untimed = 0;     // sequence of items without time

  const Entry& front() const { return ring[head]; }
  void pop_front() {
    head = (head + 1) & (ring.size() - 1);
    --count;
  }
  void push_back(const Entry& e) {
    if (count == ring.size()) {
      std::vector<Entry> grown(std::max<std::size_t>(64, ring.size() * 2));
      for (std::size_t i = 0; i < count; ++i) grown[i] = ring[(head + i) & (ring.size() - 1)];
      ring.swap(grown);
      head = 0;
    }
    ring[(head + count) & (ring.size() - 1)] = e;
    ++count;
  }
};

InputMerge::InputMerge(MergeParams params) : params_(params), bound_(kNoTime), reading_(kNoLane) {}

InputMerge::~InputMerge() = default;

Result<InputFormat> InputMerge::add(const std::string& path, InputFormat format) {
  auto src = InputSource::open(path, format, params_.source);
  if (!src.ok()) return src.error();
  auto lane = std::make_unique<Lane>();
  lane->src = std::move(src.value());
  InputFormat f = lane->src->format();
  lanes_.push_back(std::move(lane));
  return f;
}

const InputSource& InputMerge::source(std::size_t i) const { return *lanes_.at(i)->src; }

void InputMerge::accept(Lane& lane, std::size_t lane_index, int64_t time, bool timed, uint8_t rank,
                        LineKey key, uint32_t slot) {
  Entry e;
  e.slot = slot;
  e.key.source = static_cast<uint32_t>(lane_index);
  e.key.rank = rank;
  e.key.tie = key.hash;
  e.key.index = key.index;
  if (++buffered_ > counts_.peak_buffered) counts_.peak_buffered = buffered_;
  auto to_disorder = [&] {
    disorder_.push_back(e);
    std::push_heap(disorder_.begin(), disorder_.end(), [](const Entry& a, const Entry& b) { return before(b.key, a.key); });
  };
  if (!timed) {
    // No place in event time: out at once, in its input's order (first of
    // everything held, so the engine stamps it with the time reached).
    e.key.time = kNoTime;
    e.key.rank = kRankUntimed;
    e.key.tie = lane.untimed++;
    e.key.index = 0;
    untimed_.push_back(e);  // a queue of its own: no heap to climb
    return;
  }
  e.key.time = time;
  if (time > lane.reached) {
    flush_run(lane, lane_index);
    lane.reached = time;
  }
  if (time == lane.reached) {
    lane.run.push_back(e);
  } else {
    to_disorder();
  }
}

void InputMerge::flush_run(Lane& lane, std::size_t lane_index) {
  if (lane.run.empty()) return;
  if (lane.run.size() > 1) {
    std::sort(lane.run.begin(), lane.run.end(), [](const Entry& a, const Entry& b) { return before(a.key, b.key); });
  }
  const bool was_empty = lane.count == 0;
  for (const Entry& e : lane.run) lane.push_back(e);
  lane.run.clear();
  if (was_empty) {
    lane_heap_.push_back(static_cast<uint32_t>(lane_index));
    std::push_heap(lane_heap_.begin(), lane_heap_.end(), [this](uint32_t a, uint32_t b) {
      return before(lanes_[b]->front().key, lanes_[a]->front().key);
    });
  }
}

void InputMerge::recompute_bound() {
  int64_t slowest = kEnd;
  for (const auto& l : lanes_) {
    if (!l->done) slowest = std::min(slowest, l->reached);
  }
  bound_ = slowest == kEnd ? kEnd : minus_window(slowest, params_.window.count());
}

// Reads one line of the input furthest behind. False when every input is done.
bool InputMerge::read_step() {
  if (reading_ == kNoLane || lanes_[reading_]->done || lanes_[reading_]->reached > reading_limit_) {
    std::size_t pick = kNoLane;
    int64_t second = kEnd;
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      const Lane& l = *lanes_[i];
      if (l.done) continue;
      if (pick == kNoLane || l.reached < lanes_[pick]->reached) {
        if (pick != kNoLane) second = std::min(second, lanes_[pick]->reached);
        pick = i;
      } else {
        second = std::min(second, l.reached);
      }
    }
    if (pick == kNoLane) return false;
    reading_ = pick;
    reading_limit_ = second;
  }
  const std::size_t li = reading_;
  Lane& lane = *lanes_[li];
  bool more = lane.src->next_line(
      [&](const AisObservation& obs, LineKey key) {
        uint32_t slot = take_slot(ais_pool_, ais_free_, obs);
        accept(lane, li, obs.time ? to_unix_ms(*obs.time) : 0, obs.time.has_value(), kRankAis, key, slot);
      },
      [&](const SensorDetection& d, LineKey key) {
        uint32_t slot = take_slot(detection_pool_, detection_free_, d);
        accept(lane, li, to_unix_ms(d.time), true, kRankDetection, key, slot);
      },
      [&](const CooperativeReport& r, LineKey key) {
        uint32_t slot = take_slot(cooperative_pool_, cooperative_free_, r);
        accept(lane, li, to_unix_ms(r.time), true, kRankCooperative, key, slot);
      });
  if (!more) {
    lane.done = true;
    flush_run(lane, li);
    reading_ = kNoLane;
    recompute_bound();
    return true;
  }
  bound_ = minus_window(std::min(lane.reached, reading_limit_), params_.window.count());
  return true;
}

const MergedItem* InputMerge::peek() {
  if (current_from_ != -2) return &current_;
  for (;;) {
    if (untimed_head_ < untimed_.size()) {
      current_entry_ = untimed_[untimed_head_];
      current_from_ = -3;
      current_.cooperative = nullptr;
      current_.kind = MergedItem::Kind::kAis;
      current_.ais = &ais_pool_[current_entry_.slot];
      current_.detection = nullptr;
      current_.source = current_entry_.key.source;
      return &current_;
    }
    const Entry* best = nullptr;
    int from = -2;
    if (!lane_heap_.empty()) {
      best = &lanes_[lane_heap_.front()]->front();
      from = static_cast<int>(lane_heap_.front());
    }
    if (!disorder_.empty() && (best == nullptr || before(disorder_.front().key, best->key))) {
      best = &disorder_.front();
      from = -1;
    }
    if (best != nullptr && (best->key.time < bound_ || best->key.time == kNoTime)) {
      current_entry_ = *best;
      current_from_ = from;
      current_.ais = nullptr;
      current_.detection = nullptr;
      current_.cooperative = nullptr;
      if (best->key.rank == kRankDetection) {
        current_.kind = MergedItem::Kind::kDetection;
        current_.detection = &detection_pool_[best->slot];
      } else if (best->key.rank == kRankCooperative) {
        current_.kind = MergedItem::Kind::kCooperative;
        current_.cooperative = &cooperative_pool_[best->slot];
      } else {
        current_.kind = MergedItem::Kind::kAis;
        current_.ais = &ais_pool_[best->slot];
      }
      current_.source = best->key.source;
      return &current_;
    }
    if (!read_step() && best == nullptr) return nullptr;
  }
}

void InputMerge::pop() {
  if (current_from_ == -2) return;
  if (current_from_ == -3) {
    if (++untimed_head_ == untimed_.size()) {
      untimed_.clear();
      untimed_head_ = 0;
    }
  } else if (current_from_ == -1) {
    std::pop_heap(disorder_.begin(), disorder_.end(), [](const Entry& a, const Entry& b) { return before(b.key, a.key); });
    disorder_.pop_back();
  } else {
    auto by_front = [this](uint32_t a, uint32_t b) { return before(lanes_[b]->front().key, lanes_[a]->front().key); };
    Lane& lane = *lanes_[static_cast<std::size_t>(current_from_)];
    // The lane is the heap's top: take it out, and back in with its new front.
    std::pop_heap(lane_heap_.begin(), lane_heap_.end(), by_front);
    lane.pop_front();
    if (lane.count == 0) {
      lane_heap_.pop_back();
    } else {
      std::push_heap(lane_heap_.begin(), lane_heap_.end(), by_front);
      // The next item was read a window ago and has left the cache: fetch
      // it while the engine works on this one.
      const Entry& next = lane.front();
      const char* p = next.key.rank == kRankDetection     ? reinterpret_cast<const char*>(&detection_pool_[next.slot])
                      : next.key.rank == kRankCooperative ? reinterpret_cast<const char*>(&cooperative_pool_[next.slot])
                                                          : reinterpret_cast<const char*>(&ais_pool_[next.slot]);
      for (std::size_t off = 0; off < sizeof(AisObservation); off += 64) __builtin_prefetch(p + off);
    }
  }
  if (current_entry_.key.rank == kRankDetection) {
    detection_free_.push_back(current_entry_.slot);
  } else if (current_entry_.key.rank == kRankCooperative) {
    cooperative_free_.push_back(current_entry_.slot);
  } else {
    ais_free_.push_back(current_entry_.slot);
  }
  --buffered_;
  ++counts_.items;
  if (current_entry_.key.rank == kRankUntimed) {
    // Untimed items are out of the event-time order by design.
  } else if (any_out_ && before(current_entry_.key, last_)) {
    ++counts_.late;
  } else {
    last_ = current_entry_.key;
    any_out_ = true;
  }
  current_from_ = -2;
}

}  // namespace lookout
