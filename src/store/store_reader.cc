#include "store/store_reader.h"

#include <algorithm>
#include <utility>

#include "core/thread_priority.h"

namespace lookout::store {

StoreReader::StoreReader(std::vector<std::unique_ptr<Store>> connections,
                         std::function<void(uint64_t)> wait_for_writes, Options options)
    : connections_(std::move(connections)), wait_for_writes_(std::move(wait_for_writes)), options_(std::move(options)) {
  if (options_.per_caller == 0) options_.per_caller = 1;
  if (options_.total == 0) options_.total = 1;
  if (options_.max_running == 0) options_.max_running = connections_.size() > 1 ? connections_.size() - 1 : 1;
  threads_.reserve(connections_.size());
  for (auto& c : connections_) threads_.emplace_back([this, s = c.get()] { run(*s); });
}

StoreReader::~StoreReader() { stop(); }

StoreReader::Queued StoreReader::submit(const std::string& caller, uint64_t after, Job job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || threads_.empty()) return Queued::kStopped;
    Caller& c = callers_[caller];
    if (c.jobs.size() + c.running >= options_.per_caller) {
      if (c.jobs.empty() && c.running == 0) callers_.erase(caller);
      return Queued::kCallerFull;
    }
    if (queued_ >= options_.total) {
      if (c.jobs.empty() && c.running == 0) callers_.erase(caller);
      return Queued::kFull;
    }
    if (c.jobs.empty()) {
      if (!options_.priority.empty() && caller == options_.priority) {
        turn_.push_front(caller);
      } else {
        turn_.push_back(caller);
      }
    }
    c.jobs.push_back(Entry{after, std::move(job)});
    ++queued_;
  }
  cv_.notify_one();
  return Queued::kYes;
}

bool StoreReader::take(std::string& caller, Entry& entry) {
  auto it = std::find_if(turn_.begin(), turn_.end(),
                         [&](const std::string& c) { return callers_.at(c).running < options_.max_running; });
  if (it == turn_.end()) return false;
  caller = std::move(*it);
  turn_.erase(it);
  Caller& c = callers_.at(caller);
  entry = std::move(c.jobs.front());
  c.jobs.pop_front();
  --queued_;
  ++c.running;
  if (!c.jobs.empty()) {
    // Its next job waits for every other caller's turn (the priority
    // caller's does not).
    if (!options_.priority.empty() && caller == options_.priority) {
      turn_.push_front(caller);
    } else {
      turn_.push_back(caller);
    }
  }
  return true;
}

void StoreReader::run(Store& connection) {
  lower_this_thread_priority(options_.nice);  // the io thread wins a contended core
  std::unique_lock lock(mu_);
  for (;;) {
    std::string caller;
    Entry entry;
    cv_.wait(lock, [&] { return stopping_ || take(caller, entry); });
    if (stopping_) return;
    lock.unlock();
    if (entry.after > 0 && wait_for_writes_) wait_for_writes_(entry.after);
    try {
      entry.job(connection);
    } catch (...) {
      // A job answers its own errors; one that throws loses only itself.
    }
    entry = Entry{};  // what the job held goes before the lock is taken
    lock.lock();
    auto it = callers_.find(caller);
    if (it != callers_.end() && --it->second.running == 0 && it->second.jobs.empty()) callers_.erase(it);
    cv_.notify_all();  // a job of this caller's may be allowed to run now
  }
}

void StoreReader::stop() {
  std::unordered_map<std::string, Caller> dropped;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    dropped = std::exchange(callers_, {});
    turn_.clear();
    queued_ = 0;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  dropped.clear();  // the jobs not begun, destroyed here (on the owner's thread)
}

std::size_t StoreReader::queued() const {
  std::lock_guard lock(mu_);
  return queued_;
}

}  // namespace lookout::store
