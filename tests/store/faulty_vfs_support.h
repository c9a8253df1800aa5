// FaultyVfs: an SQLite VFS over the default one whose reads fail on demand,
// as a disk with a failing sector or a file on a mount that went away does.
//
// sqlite3_test_control() and the test VFSes are not in release builds of
// SQLite, so the store tests bring their own: a shim that forwards every call
// to the real VFS and counts reads, and after `fail_reads_after(n)` answers
// the (n+1)-th read and every later one with SQLITE_IOERR_READ. While it
// lives it is the default VFS, so every connection opened then goes through
// it (the stores open files with the default VFS).
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>

namespace lookout::store::testing {

class FaultyVfs {
 public:
  FaultyVfs();   // registers as the default VFS
  ~FaultyVfs();  // the previous default back
  FaultyVfs(const FaultyVfs&) = delete;
  FaultyVfs& operator=(const FaultyVfs&) = delete;

  // Reads through the shim since it was made or counting was reset.
  uint64_t reads() const { return reads_; }
  void reset_count() { reads_ = 0; }
  // From now on, `n` more reads succeed and the rest fail.
  void fail_reads_after(uint64_t n) {
    reads_ = 0;
    fail_after_ = n;
    failing_ = true;
  }
  void heal() { failing_ = false; }
  // Reads refused so far.
  uint64_t refused() const { return refused_; }

  // Called by the shim: whether this read may go through; the VFS it wraps.
  bool allow_read();
  sqlite3_vfs* real() const { return real_; }

 private:
  sqlite3_vfs vfs_{};
  sqlite3_vfs* real_ = nullptr;
  std::atomic<uint64_t> reads_{0};
  std::atomic<uint64_t> refused_{0};
  std::atomic<uint64_t> fail_after_{0};
  std::atomic<bool> failing_{false};
};

}  // namespace lookout::store::testing
