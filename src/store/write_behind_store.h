// WriteBehindStore: a Store whose writes run on a thread of their own, so
// that the thread that owns the picture (the live node's io thread) never
// waits for a transaction.
//
// It holds two connections to the same store (an SQLite file in WAL mode, or
// a PostgreSQL database): a writer, used only by the writer thread, and a
// reader, used only by the owning thread for queries. add_* calls append to a
// batch in memory; submit() hands the batch to the writer thread, which
// writes every batch it has in one transaction and commits. commit() submits
// and waits until all of it is durable, so the Store contract ("durable on
// return") holds; submit() is the call that does not wait.
//
// Queries see what the writer has committed: a submitted batch becomes
// visible when its transaction commits (a few hundred milliseconds behind at
// tens of thousands of rows a second). Call commit() first where a query
// must see everything added so far.
//
// ack_alert() and intern_marking() run on the writer thread, after every
// batch submitted before them, and wait for it: an alert is always written
// before its acknowledgement, and ids come from the one writing connection.
//
// Back-pressure: when the writer falls behind by more than `max_queued_rows`
// rows, submit() waits for it to catch up. The caller slows down (a TCP
// input then reads less, and its sender is pushed back by the kernel); no
// row is dropped and memory stays bounded.
//
// Reads off the owner's thread (StoreReader, store_reader.h) use connections
// of their own, not the reader here, and read their own writes through the
// sequence numbers below: the owner calls submit() and notes submitted();
// a reader thread calls wait_committed() with it before its query.
//
// Threading: every Store call comes from one thread (the owner); the writer
// thread is internal. The destructor writes what is left and joins it.
// submitted(), wait_committed(), acknowledge() and stats() may be called
// from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

namespace lookout::store {

// Counters of the writer thread, for metrics.
struct WriteBehindStats {
  uint64_t rows_written = 0;     ///< Rows the writer applied.
  uint64_t transactions = 0;     ///< Commits it made.
  uint64_t queued_rows = 0;      ///< Rows submitted and not yet committed.
  double last_commit_seconds = 0;  ///< How long its last transaction took.
  bool failed = false;           ///< A write failed; the store stopped writing.
};

class WriteBehindStore final : public Store {
 public:
  // How many nice steps below the process the writer thread runs.
  static constexpr int kWriterNice = 5;

  // Takes the two connections; `writer` must be writable. Starts the thread.
  WriteBehindStore(std::unique_ptr<Store> writer, std::unique_ptr<Store> reader, std::size_t max_queued_rows);
  ~WriteBehindStore() override;
  WriteBehindStore(const WriteBehindStore&) = delete;
  WriteBehindStore& operator=(const WriteBehindStore&) = delete;

  // Hands everything added so far to the writer and returns at once (unless
  // the writer is over `max_queued_rows` behind; see above).
  void submit();
  WriteBehindStats stats() const;
  // The sequence number of the last batch or call handed to the writer
  // (after submit(): everything the owner added so far).
  uint64_t submitted() const;
  // Waits until the writer has finished everything up to `seq` (committed,
  // or failed: see write_status()).
  void wait_committed(uint64_t seq);
  // ack_alert() for any thread: it runs on the writer thread after every
  // batch handed over before it and waits for it, but does not hand over
  // the owner's pending rows (the owner submits first where the ack must
  // follow them).
  Status acknowledge(std::string_view id, std::string_view principal, std::string_view nation,
                     std::string_view comment, int64_t time_ms);

  std::string_view adapter() const override { return reader_->adapter(); }
  int schema_version() override { return reader_->schema_version(); }

  uint32_t intern_marking(const Marking& m) override;
  void add_position(const PositionRow& row) override;
  void put_vessel(const VesselRow& row) override;
  void put_alert(const alert::Alert& a) override;
  void add_audit(const AuditRow& row) override;
  Status commit() override;
  Status write_status() const override;
  Status ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                   std::string_view comment, int64_t time_ms) override;

  StatusOr<std::vector<Candidate>> candidates(const BBox& box, const TimeRange& window) override {
    return reader_->candidates(box, window);
  }
  StatusOr<std::vector<PositionRow>> track(uint32_t mmsi, const TimeRange& window) override { return reader_->track(mmsi, window); }
  StatusOr<std::vector<PositionRow>> visible_track(uint32_t mmsi, const TimeRange& window,
                                                   std::string_view nation) override {
    return reader_->visible_track(mmsi, window, nation);
  }
  StatusOr<std::optional<VesselRow>> vessel(uint32_t mmsi) override { return reader_->vessel(mmsi); }
  StatusOr<std::vector<VesselChange>> vessel_changes(uint32_t mmsi, const TimeRange& window) override {
    return reader_->vessel_changes(mmsi, window);
  }
  StatusOr<std::optional<AlertRow>> alert(std::string_view id) override { return reader_->alert(id); }
  StatusOr<std::vector<AlertRow>> alerts(const AlertFilter& filter) override { return reader_->alerts(filter); }
  StatusOr<std::vector<AuditRow>> audit(const TimeRange& window, std::size_t limit) override {
    return reader_->audit(window, limit);
  }
  StatusOr<std::vector<AuditRow>> audit_for_nation(const AuditFilter& filter) override {
    return reader_->audit_for_nation(filter);
  }
  StatusOr<std::optional<Marking>> marking(uint32_t id) override { return reader_->marking(id); }
  StatusOr<StoreCounts> counts() override { return reader_->counts(); }

 private:
  // What the owner added between two submits. Tables are independent, so
  // each kind keeps its own order only.
  struct Batch {
    std::vector<PositionRow> positions;
    std::vector<VesselRow> vessels;
    std::vector<alert::Alert> alerts;
    std::vector<AuditRow> audit;
    std::size_t rows() const { return positions.size() + vessels.size() + alerts.size() + audit.size(); }
    bool empty() const { return rows() == 0; }
  };
  // One unit of the writer's queue: a batch, or a call to make on the
  // writing connection after the batches before it.
  struct Job {
    uint64_t seq = 0;
    Batch batch;
    std::function<void(Store&)> call;
  };

  // Queues `job` (after the pending batch) and returns its sequence number.
  uint64_t enqueue(Job job);
  // Waits until the writer has finished everything up to `seq`.
  void wait_for(uint64_t seq);
  void run();

  std::unique_ptr<Store> writer_;
  std::unique_ptr<Store> reader_;
  std::size_t max_queued_rows_;
  Batch pending_;  // owner thread only

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // the writer waits for jobs
  std::condition_variable done_cv_;  // the owner waits for progress
  std::deque<Job> queue_;
  uint64_t next_seq_ = 1;
  uint64_t done_seq_ = 0;
  std::size_t queued_rows_ = 0;
  Status status_;
  WriteBehindStats stats_;
  bool stopping_ = false;
  std::thread thread_;
};

// Opens the store named by `where` twice (see open_store): a writer that
// creates and migrates it, then a read-only reader; and wraps them.
std::unique_ptr<WriteBehindStore> open_write_behind_store(std::string_view where, const StoreOptions& options,
                                                          std::size_t max_queued_rows, std::string& error);

}  // namespace lookout::store
