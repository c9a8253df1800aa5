// The live bench's side load (lookout_live_bench --track-clients, --idle):
// what must not slow the alerts down. Included by live_latency.cc only
// (Beast lives in that one translation unit); all of it runs on one io_context
// of its own, on a thread of its own, apart from the WebSocket clients whose
// latency is measured.
//
//   - TrackClient: an HTTP/1.1 keep-alive client with the bench's bearer
//     token that loops GET /api/vessels/{mmsi}/track?from=<now-31d>&to=<now>
//     over the vessels the node's store holds a month of (run.sh builds it),
//     reads every answer whole and times it (request written -> last byte
//     read). A closed or failed connection is opened again.
//   - IdleConnection: a TCP connection that sends nothing (or, with
//     --idle-partial, a request line and one header, never finished) and
//     waits for the server to drop it (the node's header deadline, 5 s), then
//     opens again at once. A connection closed within a second of opening
//     was refused (over a connection cap); it waits 250 ms before trying
//     again, so that the refusals do not turn into a connect loop.
//
// Both bind() a loopback source address before connecting: the node allows
// 64 connections per address, so the idle ones are spread over 127.0.0.2,
// 127.0.0.3, ... (60 each) and the track clients come from 127.0.1.1.
#pragma once

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace side_load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// What the track clients saw, all of them together (one thread writes it).
struct TrackStats {
  uint64_t answers = 0;      // complete answers, any status
  uint64_t bytes = 0;        // body bytes of 200 answers
  uint64_t points = 0;       // positions in them (commas between coordinate pairs + 1)
  uint64_t reconnects = 0;   // connections opened again after a failure or close
  std::map<int, uint64_t> by_status;
  std::map<std::string, uint64_t> errors;  // connection errors by message
  std::vector<double> ms;    // per answer with status 200
};

// ISO 8601 UTC, seconds: "2026-12-07T16:40:00Z".
inline std::string iso8601(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class TrackClient : public std::enable_shared_from_this<TrackClient> {
 public:
  TrackClient(asio::io_context& io, tcp::endpoint server, asio::ip::address source, std::string host,
              std::string token, const std::vector<uint32_t>& mmsis, std::size_t first, int days, bool obey_retry_after,
              TrackStats& stats)
      : io_(io), stream_(io), server_(server), source_(source), host_(std::move(host)), token_(std::move(token)),
        mmsis_(mmsis), next_(first), days_(days), obey_retry_after_(obey_retry_after), stats_(stats), retry_(io) {}

  void start() { open(); }
  void stop() {
    stopping_ = true;
    retry_.cancel();
    beast::error_code ec;
    stream_.socket().close(ec);
  }

 private:
  void open() {
    if (stopping_) return;
    beast::error_code ec;
    stream_.socket().close(ec);
    stream_.socket().open(tcp::v4());
    stream_.socket().bind(tcp::endpoint(source_, 0), ec);
    if (ec) return fail("bind: " + ec.message());
    stream_.expires_after(std::chrono::seconds(120));
    stream_.async_connect(server_, [self = shared_from_this()](beast::error_code e) {
      if (e) return self->fail("connect: " + e.message());
      self->stream_.socket().set_option(tcp::no_delay(true));
      self->request();
    });
  }

  void request() {
    if (stopping_) return;
    const uint32_t mmsi = mmsis_[next_++ % mmsis_.size()];
    const std::time_t now = std::time(nullptr);
    req_ = {};
    req_.version(11);
    req_.method(http::verb::get);
    req_.target("/api/vessels/" + std::to_string(mmsi) + "/track?from=" + iso8601(now - days_ * 86400L) +
                "&to=" + iso8601(now));
    req_.set(http::field::host, host_);
    req_.set(http::field::authorization, "Bearer " + token_);
    req_.keep_alive(true);
    sent_ = Clock::now();
    stream_.expires_after(std::chrono::seconds(120));
    http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) return self->fail("write: " + e.message());
      self->read();
    });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(std::uint64_t{1} << 32);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) return self->fail("read: " + e.message());
      self->answered();
    });
  }

  void answered() {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent_).count();
    auto& res = parser_->get();
    const int status = res.result_int();
    ++stats_.answers;
    ++stats_.by_status[status];
    if (status == 200) {
      const std::string& body = res.body();
      stats_.ms.push_back(ms);
      stats_.bytes += body.size();
      // "coordinates":[[lon,lat],[lon,lat],...]: count the pairs.
      const std::size_t at = body.find("\"coordinates\":[[");
      if (at != std::string::npos) {
        const std::size_t end = body.find("]]", at);
        uint64_t n = 1;
        for (std::size_t i = body.find("],[", at); i < end; i = body.find("],[", i + 3)) ++n;
        stats_.points += n;
      }
    }
    const bool keep = res.keep_alive();
    // A client that is told to come back later (429, 503 with Retry-After)
    // does, as HTTP clients should; --track-ignore-retry-after asks again at
    // once, as a hostile one would.
    int wait_s = 0;
    if (obey_retry_after_ && (status == 429 || status == 503)) {
      wait_s = 1;
      if (auto it = res.find(http::field::retry_after); it != res.end()) {
        try {
          wait_s = std::max(1, std::stoi(std::string(it->value())));
        } catch (const std::exception&) {
        }
      }
    }
    parser_.reset();
    if (!keep) {
      ++stats_.reconnects;
      return open();
    }
    if (wait_s > 0) {
      retry_.expires_after(std::chrono::seconds(wait_s));
      retry_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->request();
      });
      return;
    }
    request();
  }

  void fail(const std::string& what) {
    if (stopping_) return;
    ++stats_.errors[what];
    ++stats_.reconnects;
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (!e) self->open();
    });
  }

  asio::io_context& io_;
  beast::tcp_stream stream_;
  tcp::endpoint server_;
  asio::ip::address source_;
  std::string host_, token_;
  const std::vector<uint32_t>& mmsis_;
  std::size_t next_;
  int days_;
  bool obey_retry_after_;
  TrackStats& stats_;
  asio::steady_timer retry_;
  http::request<http::empty_body> req_;
  std::optional<http::response_parser<http::string_body>> parser_;
  beast::flat_buffer buffer_;
  Clock::time_point sent_;
  bool stopping_ = false;
};

// What the idle connections saw.
struct IdleStats {
  std::atomic<int> open{0};      // connected and not yet closed (read by the sampler)
  uint64_t opened = 0;           // connections made
  uint64_t dropped = 0;          // closed by the server after a second or more (its deadline)
  uint64_t refused = 0;          // closed by the server within a second (a cap)
  uint64_t connect_errors = 0;   // connect() or bind() failed
  double lifetime_s = 0;         // summed over the dropped ones
};

class IdleConnection : public std::enable_shared_from_this<IdleConnection> {
 public:
  IdleConnection(asio::io_context& io, tcp::endpoint server, asio::ip::address source, bool partial, IdleStats& stats)
      : socket_(io), server_(server), source_(source), partial_(partial), stats_(stats), retry_(io) {}

  void start() { open(); }
  void stop() {
    stopping_ = true;
    retry_.cancel();
    close();
  }

 private:
  void open() {
    if (stopping_) return;
    beast::error_code ec;
    socket_.open(tcp::v4(), ec);
    if (!ec) socket_.bind(tcp::endpoint(source_, 0), ec);
    if (ec) return retry(true);
    socket_.async_connect(server_, [self = shared_from_this()](beast::error_code e) {
      if (e) return self->retry(true);
      if (self->stopping_) return self->close();  // connected just as stop() ran
      self->opened_ = Clock::now();
      self->connected_ = true;
      ++self->stats_.opened;
      ++self->stats_.open;
      if (self->partial_) {
        static const std::string kPartial = "GET /api/health HTTP/1.1\r\nHost: lookout\r\n";  // never finished
        asio::async_write(self->socket_, asio::buffer(kPartial), [](beast::error_code, std::size_t) {});
      }
      self->wait();
    });
  }

  // Anything but data ends the wait: the server closed (or reset) it.
  void wait() {
    socket_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (!e) return self->wait();  // an answer (400, 408): read on until it closes
      if (self->stopping_) return;
      const double lived = std::chrono::duration<double>(Clock::now() - self->opened_).count();
      const bool refused = lived < 1.0;
      if (refused) {
        ++self->stats_.refused;
      } else {
        ++self->stats_.dropped;
        self->stats_.lifetime_s += lived;
      }
      self->close();
      if (refused) return self->retry(false);
      self->open();
    });
  }

  void close() {
    if (connected_) {
      connected_ = false;
      --stats_.open;
    }
    beast::error_code ec;
    socket_.close(ec);
  }

  void retry(bool error) {
    if (stopping_) return;
    if (error) ++stats_.connect_errors;
    close();
    retry_.expires_after(std::chrono::milliseconds(250));
    retry_.async_wait([self = shared_from_this()](beast::error_code e) {
      if (!e) self->open();
    });
  }

  tcp::socket socket_;
  tcp::endpoint server_;
  asio::ip::address source_;
  bool partial_;
  IdleStats& stats_;
  asio::steady_timer retry_;
  Clock::time_point opened_;
  bool connected_ = false;
  bool stopping_ = false;
  char scratch_[512];
};

// 127.0.0.2 + i / per_address: the source address of idle connection i.
inline asio::ip::address idle_source(int i, int per_address) {
  return asio::ip::address_v4(0x7F000002u + static_cast<uint32_t>(i / per_address));
}

// The side load: its own io_context and thread; started before the feed,
// stopped after it (before the bench's last GET /metrics, which the idle
// connections could crowd out at the node's global cap).
class SideLoad {
 public:
  struct Params {
    std::string host;
    uint16_t port = 0;
    std::string token;
    std::vector<uint32_t> mmsis;
    int track_clients = 0;
    int track_days = 31;
    int idle = 0;
    int idle_per_address = 60;
    bool idle_partial = false;
    bool track_obey_retry_after = true;
  };

  explicit SideLoad(Params p) : p_(std::move(p)), sampler_(io_) {}
  ~SideLoad() { stop(); }
  bool active() const { return p_.track_clients > 0 || p_.idle > 0; }

  void start() {
    if (!active()) return;
    const tcp::endpoint server(asio::ip::make_address(p_.host), p_.port);
    const auto track_source = asio::ip::make_address("127.0.1.1");
    for (int i = 0; i < p_.track_clients; ++i) {
      // Each starts on another vessel (the list comes heaviest first).
      tracks_.push_back(std::make_shared<TrackClient>(io_, server, track_source, p_.host, p_.token, p_.mmsis,
                                                      static_cast<std::size_t>(i), p_.track_days,
                                                      p_.track_obey_retry_after, track_stats_));
    }
    for (int i = 0; i < p_.idle; ++i) {
      idles_.push_back(std::make_shared<IdleConnection>(io_, server, idle_source(i, p_.idle_per_address),
                                                        p_.idle_partial, idle_stats_));
    }
    for (auto& t : tracks_) t->start();
    for (auto& c : idles_) c->start();
    started_ = Clock::now();
    sample();
    thread_ = std::thread([this] { io_.run(); });
  }

  // Waits (up to `limit`) until every idle connection is open.
  void wait_idle_open(std::chrono::milliseconds limit) const {
    const auto until = Clock::now() + limit;
    while (idle_stats_.open.load() < p_.idle && Clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Marks the start of the measured window (the feed).
  void begin_window() {
    asio::post(io_, [this] {
      window_ = Clock::now();
      samples_ = 0;
      open_sum_ = 0;
      open_min_ = INT32_MAX;
      answers_at_window_ = track_stats_.answers;
      refused_at_window_ = idle_stats_.refused;
      dropped_at_window_ = idle_stats_.dropped;
    });
  }

  void stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
      stopped_ = Clock::now();
      stopping_ = true;  // a sample already due runs after cancel(): it must not arm again
      sampler_.cancel();
      for (auto& t : tracks_) t->stop();
      for (auto& c : idles_) c->stop();
    });
    thread_.join();
  }

  void print() const {
    if (!active()) return;
    const double window_s = std::chrono::duration<double>(stopped_ - window_).count();
    std::vector<double> ms = track_stats_.ms;
    std::sort(ms.begin(), ms.end());
    auto pct = [&ms](double q) {
      if (ms.empty()) return static_cast<double>(NAN);
      auto k = static_cast<std::size_t>(std::ceil(q / 100.0 * static_cast<double>(ms.size())));
      return ms[std::clamp<std::size_t>(k, 1, ms.size()) - 1];
    };
    const uint64_t ok = track_stats_.by_status.count(200) ? track_stats_.by_status.at(200) : 0;
    if (p_.track_clients > 0) {
      const TrackStats& t = track_stats_;
      const double all_s = std::chrono::duration<double>(stopped_ - started_).count();
      std::printf("\n== track clients (%d, from 127.0.1.1): GET /api/vessels/{mmsi}/track, %d-day windows, %zu vessels\n",
                  p_.track_clients, p_.track_days, p_.mmsis.size());
      std::printf("answers:           %llu in %.1f s = %.1f/s (%.1f/s during the feed); %.1f MB = %.1f MB/s; %.0f points per answer\n",
                  static_cast<unsigned long long>(t.answers), all_s, static_cast<double>(t.answers) / all_s,
                  static_cast<double>(t.answers - answers_at_window_) / window_s, static_cast<double>(t.bytes) / 1e6,
                  static_cast<double>(t.bytes) / 1e6 / all_s,
                  t.ms.empty() ? 0.0 : static_cast<double>(t.points) / static_cast<double>(t.ms.size()));
      std::printf("status:           ");
      for (const auto& [status, n] : t.by_status) std::printf(" %d x %llu", status, static_cast<unsigned long long>(n));
      std::printf("; connections opened again %llu", static_cast<unsigned long long>(t.reconnects));
      for (const auto& [what, n] : t.errors) std::printf(" [%s x %llu]", what.c_str(), static_cast<unsigned long long>(n));
      std::printf("\nlatency (200):     p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", pct(50), pct(99), ms.empty() ? NAN : ms.back());
    }
    if (p_.idle > 0) {
      const IdleStats& i = idle_stats_;
      const int addresses = (p_.idle + p_.idle_per_address - 1) / p_.idle_per_address;
      std::printf("\n== idle connections (%d%s, 127.0.0.2-127.0.0.%d, %d per address)\n", p_.idle,
                  p_.idle_partial ? ", a request begun and never finished" : ", nothing sent", 1 + addresses,
                  p_.idle_per_address);
      std::printf("held open:         %.0f on average during the feed (min %d; sampled every 100 ms)\n",
                  samples_ ? open_sum_ / static_cast<double>(samples_) : 0.0, samples_ ? open_min_ : 0);
      std::printf("server closed:     %llu after %.1f s on average (its deadline), %llu refused within 1 s (a cap); %llu and %llu during the feed\n",
                  static_cast<unsigned long long>(i.dropped), i.dropped ? i.lifetime_s / static_cast<double>(i.dropped) : 0.0,
                  static_cast<unsigned long long>(i.refused), static_cast<unsigned long long>(i.dropped - dropped_at_window_),
                  static_cast<unsigned long long>(i.refused - refused_at_window_));
      std::printf("opened in all:     %llu; connect or bind errors %llu\n", static_cast<unsigned long long>(i.opened),
                  static_cast<unsigned long long>(i.connect_errors));
    }
    std::printf("RESULT_SIDE track_answers_per_s=%.2f track_p50_ms=%.1f track_p99_ms=%.1f track_non200=%llu "
                "idle_open_avg=%.0f idle_refused=%llu\n",
                window_s > 0 ? static_cast<double>(track_stats_.answers - answers_at_window_) / window_s : 0.0,
                pct(50), pct(99), static_cast<unsigned long long>(track_stats_.answers - ok),
                samples_ ? open_sum_ / static_cast<double>(samples_) : 0.0,
                static_cast<unsigned long long>(idle_stats_.refused));
  }

 private:
  void sample() {
    sampler_.expires_after(std::chrono::milliseconds(100));
    sampler_.async_wait([this](beast::error_code e) {
      if (e || stopping_) return;
      const int open = idle_stats_.open.load();
      open_sum_ += open;
      open_min_ = std::min(open_min_, open);
      ++samples_;
      sample();
    });
  }

  Params p_;
  asio::io_context io_;
  asio::steady_timer sampler_;
  std::thread thread_;
  std::vector<std::shared_ptr<TrackClient>> tracks_;
  std::vector<std::shared_ptr<IdleConnection>> idles_;
  TrackStats track_stats_;
  IdleStats idle_stats_;
  Clock::time_point started_, window_, stopped_;
  bool stopping_ = false;
  uint64_t samples_ = 0;
  double open_sum_ = 0;
  int open_min_ = INT32_MAX;
  uint64_t answers_at_window_ = 0, refused_at_window_ = 0, dropped_at_window_ = 0;
};

}  // namespace side_load
