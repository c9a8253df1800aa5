#include "store/write_behind_store.h"

#include <chrono>
#include <utility>

#include "core/thread_priority.h"

namespace lookout::store {

WriteBehindStore::WriteBehindStore(std::unique_ptr<Store> writer, std::unique_ptr<Store> reader,
                                   std::size_t max_queued_rows)
    : writer_(std::move(writer)), reader_(std::move(reader)), max_queued_rows_(max_queued_rows == 0 ? 1 : max_queued_rows) {
  thread_ = std::thread([this] { run(); });
}

WriteBehindStore::~WriteBehindStore() {
  submit();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_one();
  thread_.join();
}

void WriteBehindStore::add_position(const PositionRow& row) { pending_.positions.push_back(row); }
void WriteBehindStore::put_vessel(const VesselRow& row) { pending_.vessels.push_back(row); }
void WriteBehindStore::put_alert(const alert::Alert& a) { pending_.alerts.push_back(a); }
void WriteBehindStore::add_audit(const AuditRow& row) { pending_.audit.push_back(row); }

uint64_t WriteBehindStore::enqueue(Job job) {
  std::unique_lock lock(mu_);
  std::size_t rows = job.batch.rows();
  // Back-pressure: wait while the writer is too far behind (a call jumps
  // the bound: it is small and its caller waits for it anyway).
  if (rows > 0) {
    done_cv_.wait(lock, [&] { return queued_rows_ < max_queued_rows_ || !status_.ok(); });
  }
  job.seq = next_seq_++;
  queued_rows_ += rows;
  uint64_t seq = job.seq;
  queue_.push_back(std::move(job));
  lock.unlock();
  work_cv_.notify_one();
  return seq;
}

void WriteBehindStore::submit() {
  if (pending_.empty()) return;
  Job job;
  job.batch = std::exchange(pending_, Batch{});
  (void)enqueue(std::move(job));
}

void WriteBehindStore::wait_for(uint64_t seq) {
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [&] { return done_seq_ >= seq; });
}

Status WriteBehindStore::commit() {
  submit();
  uint64_t seq;
  {
    std::lock_guard lock(mu_);
    seq = next_seq_ - 1;
  }
  wait_for(seq);
  return write_status();
}

Status WriteBehindStore::write_status() const {
  std::lock_guard lock(mu_);
  return status_;
}

WriteBehindStats WriteBehindStore::stats() const {
  std::lock_guard lock(mu_);
  WriteBehindStats s = stats_;
  s.queued_rows = queued_rows_;
  s.failed = !status_.ok();
  return s;
}

uint32_t WriteBehindStore::intern_marking(const Marking& m) {
  if (m.owner.empty() && m.releasable_to.empty()) return 0;
  submit();
  uint32_t id = 0;
  Job job;
  job.call = [&](Store& w) {
    id = w.intern_marking(m);
    (void)w.commit();
  };
  wait_for(enqueue(std::move(job)));
  return id;
}

uint64_t WriteBehindStore::submitted() const {
  std::lock_guard lock(mu_);
  return next_seq_ - 1;
}

void WriteBehindStore::wait_committed(uint64_t seq) { wait_for(seq); }

Status WriteBehindStore::ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                                   std::string_view comment, int64_t time_ms) {
  submit();
  return acknowledge(id, principal, nation, comment, time_ms);
}

Status WriteBehindStore::acknowledge(std::string_view id, std::string_view principal, std::string_view nation,
                                     std::string_view comment, int64_t time_ms) {
  Status result;
  Job job;
  job.call = [&](Store& w) { result = w.ack_alert(id, principal, nation, comment, time_ms); };
  wait_for(enqueue(std::move(job)));
  return result;
}

void WriteBehindStore::run() {
  // Transactions every few hundred milliseconds need throughput, not
  // promptness: the thread that owns the picture goes first on a busy core
  // (a writer that falls behind still pushes back through submit()).
  lower_this_thread_priority(kWriterNice);
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    // Group commit: everything queued now goes into one transaction; a
    // call (ack, marking) commits what came before it and then runs.
    std::deque<Job> jobs = std::exchange(queue_, {});
    lock.unlock();
    auto t0 = std::chrono::steady_clock::now();
    std::size_t rows = 0;
    uint64_t last_seq = 0;
    bool wrote = false;
    for (auto& job : jobs) {
      const Batch& b = job.batch;
      for (const auto& r : b.positions) writer_->add_position(r);
      for (const auto& r : b.vessels) writer_->put_vessel(r);
      for (const auto& a : b.alerts) writer_->put_alert(a);
      for (const auto& r : b.audit) writer_->add_audit(r);
      rows += b.rows();
      wrote = wrote || !b.empty();
      if (job.call) {
        // The call sees every row before it, committed.
        if (wrote) (void)writer_->commit();
        wrote = false;
        job.call(*writer_);
      }
      last_seq = job.seq;
    }
    Status s = wrote ? writer_->commit() : writer_->write_status();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    jobs.clear();  // free the rows outside the lock
    lock.lock();
    if (status_.ok() && !s.ok()) status_ = s;
    queued_rows_ -= rows;
    done_seq_ = last_seq;
    stats_.rows_written += rows;
    if (wrote) ++stats_.transactions;
    stats_.last_commit_seconds = secs;
    done_cv_.notify_all();
  }
}

std::unique_ptr<WriteBehindStore> open_write_behind_store(std::string_view where, const StoreOptions& options,
                                                          std::size_t max_queued_rows, std::string& error) {
  auto writer = open_store(where, options, error);
  if (!writer) return nullptr;
  StoreOptions ro = options;
  ro.read_only = true;
  auto reader = open_store(where, ro, error);
  if (!reader) return nullptr;
  return std::make_unique<WriteBehindStore>(std::move(writer), std::move(reader), max_queued_rows);
}

}  // namespace lookout::store
