// MmsiMap<V>: a hash map from a 32-bit key (an MMSI) to a small value, for
// the per-report lookups of the picture and the detectors.
//
// Why not std::unordered_map: every report looks a vessel up in the picture
// and again in several detectors. A node-based map pays a division by a
// prime bucket count and two dependent loads (bucket, node) per lookup, and
// its nodes are scattered over the heap; here a lookup is one multiply and a
// probe of a contiguous array, keys and values side by side.
//
// Open addressing with linear probing and backward-shift deletion (no
// tombstones, so lookups stay short however many vessels come and go); the
// capacity is a power of two kept at most 5/8 full. Key 0xFFFFFFFF marks an
// empty slot and cannot be stored (an MMSI has nine digits).
//
// Values sit in the table: keep them small (a large per-vessel state that
// few vessels have goes behind a std::unique_ptr, so that the table of the
// many that have none stays small).
//
// Unlike std::unordered_map, inserting may move every value (growth) and
// erasing may move others (the backward shift): pointers and references
// are valid only until the next insert or erase. Iteration order is the
// slot order: use it only where order does not matter (counting, ageing
// out); anything whose output order depends on iteration must not use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace lookout::track {

template <typename V>
class MmsiMap {
 public:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;

  MmsiMap() = default;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The value of `key`, or nullptr.
  V* find(uint32_t key) {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key == key) return &s.value;
      if (s.key == kEmpty) return nullptr;
    }
  }
  const V* find(uint32_t key) const { return const_cast<MmsiMap*>(this)->find(key); }

  // The value of `key`, inserted value-initialised when absent; `inserted`
  // says which. REQUIRES: key != kEmpty.
  V& get_or_insert(uint32_t key, bool& inserted) {
    if ((size_ + 1) * 8 > slots_.size() * 5) grow();
    std::size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key == key) {
        inserted = false;
        return s.value;
      }
      if (s.key == kEmpty) break;
    }
    slots_[i].key = key;
    slots_[i].value = V{};
    ++size_;
    inserted = true;
    return slots_[i].value;
  }
  V& operator[](uint32_t key) {
    bool inserted = false;
    return get_or_insert(key, inserted);
  }

  // Removes `key`; false when it was absent.
  bool erase(uint32_t key) {
    if (size_ == 0) return false;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) {
        erase_slot(i);
        return true;
      }
      if (slots_[i].key == kEmpty) return false;
    }
  }

  // Removes every entry for which pred(key, value) holds; returns how many.
  // pred may be called more than once for an entry that stays.
  template <typename Pred>
  std::size_t erase_if(Pred pred) {
    std::size_t removed = 0;
    for (std::size_t i = 0; i < slots_.size();) {
      Slot& s = slots_[i];
      if (s.key != kEmpty && pred(s.key, s.value)) {
        erase_slot(i);  // a later entry may have moved into slot i: look again
        ++removed;
        continue;
      }
      ++i;
    }
    return removed;
  }

  // Calls fn(key, value) for every entry, in slot order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const Slot& s : slots_) {
      if (s.key != kEmpty) fn(s.key, s.value);
    }
  }

  void clear() {
    slots_.clear();
    mask_ = 0;
    size_ = 0;
  }

  // Makes room for `n` entries without growing.
  void reserve(std::size_t n) {
    while (n * 8 > slots_.size() * 5) grow();
  }

 private:
  struct Slot {
    uint32_t key = kEmpty;
    V value{};
  };

  std::size_t home(uint32_t key) const {
    // Fibonacci hashing: the high bits of the product mix every key bit.
    return static_cast<std::size_t>((uint64_t{key} * 0x9E3779B97F4A7C15ull) >> 32) & mask_;
  }

  void erase_slot(std::size_t hole) {
    // Backward shift: pull later members of the probe run into the hole
    // when their home lies at or before it (cyclically).
    std::size_t i = hole;
    for (;;) {
      i = (i + 1) & mask_;
      Slot& s = slots_[i];
      if (s.key == kEmpty) break;
      const std::size_t h = home(s.key);
      const bool movable = hole <= i ? (h <= hole || h > i) : (h <= hole && h > i);
      if (movable) {
        slots_[hole] = std::move(s);
        hole = i;
      }
    }
    slots_[hole].key = kEmpty;
    slots_[hole].value = V{};
    --size_;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t cap = old.empty() ? 64 : old.size() * 2;
    slots_ = std::vector<Slot>(cap);  // value-initialised: V may be move-only
    mask_ = cap - 1;
    size_ = 0;
    for (Slot& s : old) {
      if (s.key == kEmpty) continue;
      std::size_t i = home(s.key);
      while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
      slots_[i] = std::move(s);
      ++size_;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace lookout::track
