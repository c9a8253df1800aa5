// StoreReader: store reads on threads of their own, so that the thread that
// owns the picture (the live node's io thread) never waits for a query.
//
// Each reader thread has a connection of its own to the store (an SQLite
// file in WAL mode read-only, or a PostgreSQL connection) that only it uses.
// The owner queues jobs; a job runs on a reader thread with that connection
// and hands its result back itself (the live node posts it to its io
// thread). A job that must see what the owner wrote waits first, on the
// reader thread, until the writer has committed everything the owner had
// submitted when it queued the job (`after`, a WriteBehindStore sequence
// number; see wait_for_writes below): read-your-writes without the owner
// ever waiting.
//
// Fairness: jobs queue per caller (a principal, an address, the node
// itself), each queue bounded, and the threads take the queues in turn
// (round robin), one job at a time: a caller that floods gets its own jobs
// refused (kCallerFull) and delays the others by at most one job per turn.
// No caller runs on more than `max_running` threads at once (by default all
// but one), so slow jobs of one caller (31-day tracks) always leave a thread
// to the others. The total is bounded too (kFull). Jobs of the caller named
// `priority` are taken before every other queue's.
//
// Threading: submit() and stop() are called by the owner; jobs run on the
// reader threads. stop() (and the destructor) drops the jobs not begun
// (destroyed on the calling thread), waits for the running ones and joins.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace lookout::store {

class StoreReader {
 public:
  using Job = std::function<void(Store& connection)>;

  struct Options {
    std::size_t per_caller = 8;  ///< Jobs one caller may have queued or running.
    std::size_t total = 512;     ///< Jobs all callers may have queued.
    std::size_t max_running = 0;  ///< Threads one caller may hold; 0: all but one (at least one).
    std::string priority;        ///< A caller served before the others (empty: none).
    // How much lower the reader threads' CPU priority is than the process's
    // (Linux nice steps, per thread; 0: the same). A 31-day track is
    // seconds of a core; on a machine with as many busy threads as cores,
    // the thread that owns the picture must win the core, not share it.
    int nice = 10;
  };

  enum class Queued : uint8_t {
    kYes,
    kCallerFull,  ///< The caller has `per_caller` jobs queued or running.
    kFull,        ///< `total` jobs are queued.
    kStopped,
  };

  // One thread per connection. `wait_for_writes(seq)` blocks until the
  // writer has committed everything up to `seq` (0: nothing to wait for);
  // it runs on a reader thread and may be empty when no job waits.
  StoreReader(std::vector<std::unique_ptr<Store>> connections, std::function<void(uint64_t)> wait_for_writes,
              Options options);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  // Queues `job` for `caller`, to run after the writer committed `after`.
  Queued submit(const std::string& caller, uint64_t after, Job job);
  // Drops the queued jobs, waits for the running ones, joins. Idempotent.
  void stop();

  // Jobs queued and not begun.
  std::size_t queued() const;

 private:
  struct Entry {
    uint64_t after = 0;
    Job job;
  };
  struct Caller {
    std::deque<Entry> jobs;
    std::size_t running = 0;
  };

  void run(Store& connection);
  // The next job in turn whose caller may run one more (the lock is held);
  // false when there is none.
  bool take(std::string& caller, Entry& entry);

  std::vector<std::unique_ptr<Store>> connections_;
  std::function<void(uint64_t)> wait_for_writes_;
  Options options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Caller> callers_;
  std::deque<std::string> turn_;  // callers with queued jobs, in the order they are served
  std::size_t queued_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace lookout::store
