// StoreReader: jobs on reader threads with connections of their own, that
// read what the write-behind writer committed before them; queues per caller
// served in turn and bounded; no caller on every thread; stop() with a job
// blocked and others queued.
#include "store/store_reader.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/write_behind_store.h"
#include "store_test_support.h"

namespace lookout::store {
namespace {

using testing::ScratchDir;
using testing::open_alert;

// A gate a job waits at until the test opens it; counts who arrived.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mu_);
    ++arrived_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
  }
  void wait_arrived(int n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return arrived_ >= n; });
  }
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
};

// Jobs that record the order they ran in.
class Log {
 public:
  void add(const std::string& what) {
    std::lock_guard lock(mu_);
    order_.push_back(what);
  }
  std::vector<std::string> order() {
    std::lock_guard lock(mu_);
    return order_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> order_;
};

class StoreReaderTest : public ::testing::Test {
 protected:
  std::string path() const { return (dir_.path() / "h.db").string(); }

  std::vector<std::unique_ptr<Store>> connections(std::size_t n) {
    // The file and its schema exist before a read-only connection opens it.
    if (!writer_) {
      std::string error;
      writer_ = open_write_behind_store(path(), {}, 1000, error);
      EXPECT_NE(writer_, nullptr) << error;
    }
    std::vector<std::unique_ptr<Store>> out;
    StoreOptions ro;
    ro.read_only = true;
    for (std::size_t i = 0; i < n; ++i) {
      std::string error;
      auto c = open_store(path(), ro, error);
      EXPECT_NE(c, nullptr) << error;
      out.push_back(std::move(c));
    }
    return out;
  }

  std::unique_ptr<StoreReader> reader(std::size_t threads, StoreReader::Options o) {
    auto c = connections(threads);
    return std::make_unique<StoreReader>(
        std::move(c), [w = writer_.get()](uint64_t seq) { w->wait_committed(seq); }, std::move(o));
  }

  ScratchDir dir_;
  std::unique_ptr<WriteBehindStore> writer_;
};

TEST_F(StoreReaderTest, AJobReadsWhatWasSubmittedBeforeItWithoutTheOwnerWaiting) {
  StoreReader::Options o;
  o.per_caller = 50;
  o.total = 50;
  auto r = reader(1, o);
  // 50 alerts, each handed over and read at once: every job must find its
  // alert though the owner never called commit().
  std::vector<std::future<bool>> found;
  for (int i = 0; i < 50; ++i) {
    const std::string id = "a-" + std::to_string(i);
    writer_->put_alert(open_alert(id));
    writer_->submit();
    auto p = std::make_shared<std::promise<bool>>();
    found.push_back(p->get_future());
    ASSERT_EQ(r->submit("c", writer_->submitted(), [p, id](Store& s) {
      auto row = s.alert(id);
      p->set_value(row.ok() && row->has_value());
    }), StoreReader::Queued::kYes);
  }
  for (auto& f : found) EXPECT_TRUE(f.get());
}

TEST_F(StoreReaderTest, CallersAreServedInTurn) {
  auto r = reader(1, {});
  Gate gate;
  Log log;
  ASSERT_EQ(r->submit("a", 0, [&](Store&) { log.add("a1"), gate.wait(); }), StoreReader::Queued::kYes);
  gate.wait_arrived(1);
  for (const char* j : {"a2", "a3", "a4"}) {
    ASSERT_EQ(r->submit("a", 0, [&log, j](Store&) { log.add(j); }), StoreReader::Queued::kYes);
  }
  std::promise<void> b_done;
  ASSERT_EQ(r->submit("b", 0, [&](Store&) { log.add("b1"), b_done.set_value(); }), StoreReader::Queued::kYes);
  std::promise<void> all_done;
  ASSERT_EQ(r->submit("c", 0, [&](Store&) { log.add("c1"), all_done.set_value(); }), StoreReader::Queued::kYes);
  gate.open();
  all_done.get_future().wait();
  // a queued three before b and c came: each caller gets one job per turn
  // (a3 and a4 follow, or are dropped by stop()).
  auto order = log.order();
  ASSERT_GE(order.size(), 4u);
  order.resize(4);
  EXPECT_EQ(order, (std::vector<std::string>{"a1", "a2", "b1", "c1"}));
  r->stop();
}

TEST_F(StoreReaderTest, ACallerOverItsBoundIsRefusedAndOthersAreNot) {
  StoreReader::Options o;
  o.per_caller = 3;
  o.total = 5;
  auto r = reader(1, o);
  Gate gate;
  ASSERT_EQ(r->submit("a", 0, [&](Store&) { gate.wait(); }), StoreReader::Queued::kYes);
  gate.wait_arrived(1);
  EXPECT_EQ(r->submit("a", 0, [](Store&) {}), StoreReader::Queued::kYes);
  EXPECT_EQ(r->submit("a", 0, [](Store&) {}), StoreReader::Queued::kYes);
  EXPECT_EQ(r->submit("a", 0, [](Store&) {}), StoreReader::Queued::kCallerFull) << "one running and two queued";
  EXPECT_EQ(r->submit("b", 0, [](Store&) {}), StoreReader::Queued::kYes);
  EXPECT_EQ(r->submit("c", 0, [](Store&) {}), StoreReader::Queued::kYes);
  EXPECT_EQ(r->submit("d", 0, [](Store&) {}), StoreReader::Queued::kYes);
  EXPECT_EQ(r->queued(), 5u);
  EXPECT_EQ(r->submit("e", 0, [](Store&) {}), StoreReader::Queued::kFull);
  gate.open();
}

TEST_F(StoreReaderTest, NoCallerHoldsEveryThread) {
  auto r = reader(2, {});
  Gate gate;
  std::atomic<bool> a2_started{false};
  ASSERT_EQ(r->submit("a", 0, [&](Store&) { gate.wait(); }), StoreReader::Queued::kYes);
  gate.wait_arrived(1);
  ASSERT_EQ(r->submit("a", 0, [&](Store&) { a2_started = true; }), StoreReader::Queued::kYes);
  std::promise<bool> b_done;
  ASSERT_EQ(r->submit("b", 0, [&](Store&) { b_done.set_value(a2_started.load()); }), StoreReader::Queued::kYes);
  // b runs on the second thread while a's first job holds the other; a's
  // second waits for a's first.
  EXPECT_FALSE(b_done.get_future().get());
  gate.open();
  r->stop();
}

TEST_F(StoreReaderTest, StopWaitsForTheRunningJobAndDropsTheQueued) {
  auto r = reader(1, {});
  Gate gate;
  std::atomic<bool> first_done{false};
  ASSERT_EQ(r->submit("a", 0, [&](Store&) { gate.wait(), first_done = true; }), StoreReader::Queued::kYes);
  gate.wait_arrived(1);
  auto sentinel = std::make_shared<int>(0);
  std::atomic<int> ran{0};
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(r->submit("b", 0, [&ran, sentinel](Store&) { ++ran; }), StoreReader::Queued::kYes);
  }
  std::thread opener([&] {
    // Once stop() has begun (submit() is refused), let the running job end.
    while (r->submit("probe", 0, [](Store&) {}) != StoreReader::Queued::kStopped) std::this_thread::yield();
    gate.open();
  });
  r->stop();
  opener.join();
  EXPECT_TRUE(first_done);
  EXPECT_EQ(ran.load(), 0) << "a job queued when stop() began never runs";
  EXPECT_EQ(sentinel.use_count(), 1) << "the queued jobs were destroyed";
}

}  // namespace
}  // namespace lookout::store

namespace lookout::store {
namespace {

// The reader threads give way to the thread that owns the picture: they run
// `nice` steps below the process (capped at 19), the owner is untouched.
TEST_F(StoreReaderTest, ReaderThreadsRunAtALowerPriorityThanTheOwner) {
  errno = 0;
  const int owner = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  ASSERT_EQ(errno, 0);
  StoreReader::Options o;
  o.nice = 7;
  auto r = reader(2, o);
  std::vector<std::future<int>> seen;
  for (int i = 0; i < 2; ++i) {
    auto p = std::make_shared<std::promise<int>>();
    seen.push_back(p->get_future());
    ASSERT_EQ(r->submit("c" + std::to_string(i), 0,
                        [p](Store&) { p->set_value(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()))); }),
              StoreReader::Queued::kYes);
  }
  for (auto& f : seen) EXPECT_EQ(f.get(), std::min(owner + 7, 19));
  EXPECT_EQ(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())), owner);
}

}  // namespace
}  // namespace lookout::store
