// lookout_live_bench: load generator and latency meter for the live node
// (`lookout serve`). Run by bench/live/run.sh, which starts the node; see
// bench/live/README.md for what is measured and how to read the numbers.
//
//   - N WebSocket clients (default 50) on /api/live, each subscribed to the
//     whole world;
//   - one TCP connection to the node's tcp_server input, sending real AIS
//     sentences (tag blocks stripped, so the node stamps reception time) at a
//     paced rate (default 50,000 lines/s) for a set time. The corpus is sent
//     again and again; each pass after the first shifts every MMSI (the bits
//     in the armoured payload, checksum recomputed) so that a vessel's last
//     report of one pass and its first of the next, seconds apart by the
//     node's clock but hours apart in the recording, do not read as jumps,
//     and moves every single-sentence position report 0.05 degrees north
//     per pass, so that each pass's copies are distinct vessels at distinct
//     places rather than a growing stack of ghosts on the first pass's spots;
//   - every --trigger-ms a *trigger*: a synthetic vessel (MMSI 601900000 + i,
//     type 1, standing still in the South Atlantic) reports once, and
//     --lead-ms later reports again 200 km away: an implied speed no ship
//     makes, which the picture rejects as a jump and position_jump raises at
//     once (one glitch-shaped alert per vessel). The send time (steady clock)
//     of that second report is taken just before its write(); the
//     receive time is when a client reads the alert naming that MMSI. The
//     latency is receive - send, over every (trigger, client) pair;
//   - the node's own count of lines read (lookout_input_lines_total from
//     GET /metrics) at the end of sending, and after the backlog drained;
//   - with --track-clients N and --idle N, a side load while the feed runs
//     (side_load.h): N HTTP keep-alive clients looping 31-day track requests
//     over the vessels --track-mmsi lists, and N idle TCP connections held
//     open (reopened when the server drops them). Their own figures (track
//     answers/s, latency and status; idle connections held on average and
//     refused) are printed after the alerts' latency.
//
// Everything the clients read is checked only for the alert prefix; vessel
// batches are read and dropped unparsed, so the meter costs little CPU.
// Beast lives in this one translation unit (see ../shared/STACK.md).
#include <utility>  // before Asio (GCC 12 + C++20, see ../shared/STACK.md)

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "side_load.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kTriggerBase = 601900000;  // MID 601: none in the corpus
constexpr uint32_t kTriggerSpan = 100000;

struct Options {
  std::string host = "127.0.0.1";
  uint16_t http_port = 0;
  uint16_t feed_port = 0;
  std::string token;
  std::vector<std::string> corpus;
  int clients = 50;
  double rate = 50000;
  double seconds = 20;
  int trigger_ms = 50;
  int lead_ms = 2000;
  double drain_s = 30;
  bool remap = true;
  std::string dump_stream;  // write the stream to this file and exit
  int track_clients = 0;
  std::vector<uint32_t> track_mmsi;
  int track_days = 31;
  bool track_ignore_retry_after = false;
  int idle = 0;
  int idle_per_address = 60;  // under the node's 64 per address
  bool idle_partial = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "lookout_live_bench: %s\n"
               "usage: lookout_live_bench --http-port P --feed-port P --token T --corpus FILE [--corpus FILE...]\n"
               "       [--host 127.0.0.1] [--clients 50] [--rate 50000] [--seconds 20] [--trigger-ms 50]\n"
               "       [--lead-ms 2000] [--drain-s 30] [--no-remap] [--dump-stream FILE]\n"
               "       [--track-clients N --track-mmsi M,M,... [--track-days 31] [--track-ignore-retry-after]]\n"
               "       [--idle N [--idle-per-address 60] [--idle-partial]]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    if (a == "--host") o.host = value();
    else if (a == "--http-port") o.http_port = static_cast<uint16_t>(std::stoi(value()));
    else if (a == "--feed-port") o.feed_port = static_cast<uint16_t>(std::stoi(value()));
    else if (a == "--token") o.token = value();
    else if (a == "--corpus") o.corpus.push_back(value());
    else if (a == "--clients") o.clients = std::stoi(value());
    else if (a == "--rate") o.rate = std::stod(value());
    else if (a == "--seconds") o.seconds = std::stod(value());
    else if (a == "--trigger-ms") o.trigger_ms = std::stoi(value());
    else if (a == "--lead-ms") o.lead_ms = std::stoi(value());
    else if (a == "--drain-s") o.drain_s = std::stod(value());
    else if (a == "--no-remap") o.remap = false;
    else if (a == "--dump-stream") o.dump_stream = value();
    else if (a == "--track-clients") o.track_clients = std::stoi(value());
    else if (a == "--track-mmsi") {
      std::stringstream list(value());
      for (std::string m; std::getline(list, m, ',');) {
        if (!m.empty()) o.track_mmsi.push_back(static_cast<uint32_t>(std::stoul(m)));
      }
    }
    else if (a == "--track-days") o.track_days = std::stoi(value());
    else if (a == "--track-ignore-retry-after") o.track_ignore_retry_after = true;
    else if (a == "--idle") o.idle = std::stoi(value());
    else if (a == "--idle-per-address") o.idle_per_address = std::stoi(value());
    else if (a == "--idle-partial") o.idle_partial = true;
    else usage("unknown option");
  }
  if (o.http_port == 0 || o.feed_port == 0 || o.token.empty() || o.corpus.empty()) usage("missing option");
  if (o.clients < 1 || o.rate <= 0 || o.seconds <= 0 || o.trigger_ms < 1 || o.lead_ms < o.trigger_ms) {
    usage("bad value");
  }
  if (o.track_clients < 0 || o.idle < 0 || o.idle_per_address < 1 || o.track_days < 1 || o.track_days > 31) {
    usage("bad value");
  }
  if (o.track_clients > 0 && o.track_mmsi.empty()) usage("--track-clients needs --track-mmsi");
  return o;
}

// ---- NMEA / AIS six-bit armouring ----

std::string checksum_hex(std::string_view body) {
  unsigned x = 0;
  for (char c : body) x ^= static_cast<unsigned char>(c);
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {kHex[(x >> 4) & 15], kHex[x & 15]};
}

int unarmour(char c) {
  int v = static_cast<unsigned char>(c) - 48;
  if (v > 40) v -= 8;
  return v;
}

char armour(unsigned v) { return static_cast<char>(v < 40 ? v + 48 : v + 56); }

class BitWriter {
 public:
  void put(uint64_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) bits_.push_back(static_cast<uint8_t>((value >> i) & 1));
  }
  std::string armoured() const {
    std::string out;
    for (std::size_t i = 0; i < bits_.size(); i += 6) {
      unsigned v = 0;
      for (std::size_t k = 0; k < 6; ++k) v = (v << 1) | (i + k < bits_.size() ? bits_[i + k] : 0u);
      out += armour(v);
    }
    return out;
  }

 private:
  std::vector<uint8_t> bits_;
};

// A type 1 position report, standing still, as one !AIVDM line.
std::string position_report(uint32_t mmsi, double lat, double lon) {
  BitWriter w;
  w.put(1, 6);                     // type
  w.put(0, 2);                     // repeat
  w.put(mmsi, 30);
  w.put(0, 4);                     // under way using engine
  w.put(128, 8);                   // rate of turn: not available
  w.put(0, 10);                    // speed 0.0 kn
  w.put(1, 1);                     // accuracy
  auto lon_v = static_cast<int32_t>(std::lround(lon * 600000.0));
  auto lat_v = static_cast<int32_t>(std::lround(lat * 600000.0));
  w.put(static_cast<uint32_t>(lon_v) & 0x0FFFFFFFu, 28);
  w.put(static_cast<uint32_t>(lat_v) & 0x07FFFFFFu, 27);
  w.put(3600, 12);                 // course: not available
  w.put(511, 9);                   // heading: not available
  w.put(60, 6);                    // second: not available
  w.put(0, 2);                     // manoeuvre
  w.put(0, 3);                     // spare
  w.put(0, 1);                     // RAIM
  w.put(0, 19);                    // radio
  std::string body = "AIVDM,1,1,,A," + w.armoured() + ",0";
  return "!" + body + "*" + checksum_hex(body) + "\r\n";
}

// Splits a sentence line into its fields (no tag block). Returns false when
// it is no !..VDM/VDO sentence with a checksum.
struct Sentence {
  std::size_t body_begin = 0, body_end = 0;  // between '!' and '*'
  std::size_t payload_begin = 0, payload_end = 0;
  int fragment = 0;
  int fragments = 0;
};

bool split_sentence(std::string_view line, Sentence& s) {
  if (line.size() < 15 || line[0] != '!') return false;
  std::size_t star = line.find('*');
  if (star == std::string_view::npos) return false;
  s.body_begin = 1;
  s.body_end = star;
  std::size_t f[7];
  int n = 0;
  for (std::size_t i = 0; i < star && n < 7; ++i) {
    if (line[i] == ',') f[n++] = i;
  }
  if (n < 6) return false;
  s.fragments = std::atoi(std::string(line.substr(f[0] + 1, f[1] - f[0] - 1)).c_str());
  s.fragment = std::atoi(std::string(line.substr(f[1] + 1, f[2] - f[1] - 1)).c_str());
  s.payload_begin = f[4] + 1;
  s.payload_end = f[5];
  return true;
}

// The stream the sender writes: whole messages (multi-sentence ones kept
// together), one pass of the corpus after another.
struct Stream {
  std::string bytes;
  std::vector<std::size_t> unit_end;    // byte offset after each message
  std::vector<uint32_t> unit_lines;     // lines up to and including each message (cumulative)
};

// The corpus as lines: tag blocks and anything that is no sentence dropped.
std::vector<std::string> load_corpus(const std::vector<std::string>& files) {
  std::vector<std::string> lines;
  for (const auto& path : files) {
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "lookout_live_bench: cannot read %s\n", path.c_str());
      std::exit(1);
    }
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty() && line[0] == '\\') {
        std::size_t close = line.find('\\', 1);
        if (close == std::string::npos) continue;
        line.erase(0, close + 1);
      }
      if (line.size() < 15 || line[0] != '!' || line.find("VD") != 3) continue;
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

uint32_t shift_mmsi(uint32_t mmsi, uint32_t pass) {
  if (pass == 0) return mmsi;
  uint64_t m = (static_cast<uint64_t>(mmsi) + static_cast<uint64_t>(pass) * 1000003u) % 1000000000u;
  if (m >= kTriggerBase && m < kTriggerBase + kTriggerSpan) m += kTriggerSpan;
  if (m == 0) m = 1;
  return static_cast<uint32_t>(m);
}

// Bits [start, start + len) of an armoured payload (ITU-R M.1371 order).
uint32_t payload_bits(const std::string& text, std::size_t payload_begin, std::size_t start, std::size_t len) {
  uint32_t v = 0;
  for (std::size_t b = start; b < start + len; ++b) {
    v = (v << 1) | ((static_cast<unsigned>(unarmour(text[payload_begin + b / 6])) >> (5 - b % 6)) & 1u);
  }
  return v;
}

void set_payload_bits(std::string& text, std::size_t payload_begin, std::size_t start, std::size_t len, uint32_t v) {
  for (std::size_t b = start; b < start + len; ++b) {
    const unsigned bit = (v >> (start + len - 1 - b)) & 1u;
    char& c = text[payload_begin + b / 6];
    unsigned six = static_cast<unsigned>(unarmour(c));
    six = (six & ~(1u << (5 - b % 6))) | (bit << (5 - b % 6));
    c = armour(six);
  }
}

// Moves a single-sentence position report (types 1-3, 18, 19) north by
// kPassShiftDeg per pass, so that the copies of a vessel made by the MMSI
// shift are distinct vessels at distinct places, not a stack of ghosts at
// one spot (which would crowd the node's rendezvous cells ever more as
// passes add up). Latitude: 27 bits, 1/10000 minute, signed.
constexpr double kPassShiftDeg = 0.05;
void shift_latitude(std::string& out, const Sentence& s, uint32_t pass) {
  const std::size_t chars = s.payload_end - s.payload_begin;
  for (std::size_t i = s.payload_begin; i < s.payload_end; ++i) {
    const int v = unarmour(out[i]);
    if (v < 0 || v > 63) return;  // not a payload we can edit
  }
  const uint32_t type = payload_bits(out, s.payload_begin, 0, 6);
  std::size_t lat_bit = 0;
  if (type >= 1 && type <= 3 && chars >= 20) lat_bit = 89;  // bits 89..115
  if ((type == 18 || type == 19) && chars >= 19) lat_bit = 85;  // bits 85..111
  if (lat_bit == 0) return;
  const uint32_t raw = payload_bits(out, s.payload_begin, lat_bit, 27);
  const int32_t lat = static_cast<int32_t>(raw << 5) >> 5;  // sign-extend 27 bits
  if (lat == 91 * 600000) return;  // not available
  const double deg = lat / 600000.0 + kPassShiftDeg * pass;
  if (deg > 80 || deg < -80) return;  // left where it was
  const auto shifted = static_cast<int32_t>(std::lround(deg * 600000.0));
  set_payload_bits(out, s.payload_begin, lat_bit, 27, static_cast<uint32_t>(shifted) & 0x7FFFFFFu);
}

// Rewrites the MMSI (bits 8..37) of a first fragment's payload, moves a
// position report (shift_latitude) and recomputes the checksum.
std::string remap_line(const std::string& line, uint32_t pass) {
  Sentence s;
  if (pass == 0 || !split_sentence(line, s) || s.fragment != 1 || s.payload_end - s.payload_begin < 7) return line;
  std::string out = line;
  uint64_t bits = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    int v = unarmour(out[s.payload_begin + i]);
    if (v < 0 || v > 63) return line;
    bits = (bits << 6) | static_cast<uint64_t>(v);
  }
  // 42 bits: type 6, repeat 2, mmsi 30, 4 more.
  auto mmsi = static_cast<uint32_t>((bits >> 4) & 0x3FFFFFFFu);
  uint64_t shifted = shift_mmsi(mmsi, pass);
  bits = (bits & ~(uint64_t{0x3FFFFFFF} << 4)) | (shifted << 4);
  for (std::size_t i = 0; i < 7; ++i) out[s.payload_begin + i] = armour(static_cast<unsigned>((bits >> (6 * (6 - i))) & 63));
  if (s.fragments == 1) shift_latitude(out, s, pass);
  std::string cs = checksum_hex(std::string_view(out).substr(s.body_begin, s.body_end - s.body_begin));
  if (s.body_end + 3 <= out.size()) out.replace(s.body_end + 1, 2, cs);
  return out;
}

Stream build_stream(const std::vector<std::string>& corpus, uint64_t lines_needed, bool remap) {
  Stream st;
  uint32_t total = 0;
  for (uint32_t pass = 0; total < lines_needed; ++pass) {
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      st.bytes += remap ? remap_line(corpus[i], pass) : corpus[i];
      st.bytes += "\r\n";
      ++total;
      // A message ends unless the next line continues it (fragment > 1).
      Sentence next;
      bool continues = i + 1 < corpus.size() && split_sentence(corpus[i + 1], next) && next.fragment > 1;
      if (!continues) {
        st.unit_end.push_back(st.bytes.size());
        st.unit_lines.push_back(total);
      }
    }
  }
  return st;
}

// ---- WebSocket clients ----

struct ClientResult {
  std::vector<int64_t> alert_ns;  // per trigger: receive time (ns since start), -1 = not yet
  uint64_t messages = 0, bytes = 0, alerts = 0, alerts_jump = 0, vessel_batches = 0;
  uint64_t alert_bytes = 0, batch_bytes = 0, max_message = 0;
  bool dropped = false;
  double dropped_at_s = 0;  // since the epoch
  std::string close_reason;
};

// Where `what` occurs in `text` from `from` on (npos if nowhere): glibc's
// memmem, several times faster on JSON than string_view::find, which stops
// at every '"'. The meter shares the machine with the node it measures.
std::size_t find(std::string_view text, std::string_view what, std::size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const void* at = memmem(text.data() + from, text.size() - from, what.data(), what.size());
  return at == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(at) - text.data());
}

// Whether a message is {"type":"<type>",...} or {...,"type":"<type>"}.
bool is_type(std::string_view msg, std::string_view type) {
  std::string key = "\"type\":\"" + std::string(type) + "\"";
  if (msg.size() < key.size() + 2) return false;
  if (msg.compare(1, key.size(), key) == 0) return true;
  return msg.compare(msg.size() - 1 - key.size(), key.size(), key) == 0;
}

class WsClient : public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(asio::io_context& io, Clock::time_point epoch, std::size_t triggers, std::atomic<int>& subscribed)
      : ws_(io), epoch_(epoch), subscribed_(subscribed) {
    result_.alert_ns.assign(triggers, -1);
  }

  void connect(const tcp::resolver::results_type& where, const std::string& host, const std::string& target) {
    beast::get_lowest_layer(ws_).connect(where);
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
    ws_.read_message_max(1ull << 30);
    ws_.handshake(host, target);
    ws_.write(asio::buffer(std::string(R"({"subscribe":{"bbox":[-180,-90,180,90]}})")));
  }

  void start() { read(); }
  void close() {
    stopping_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }
  const ClientResult& result() const { return result_; }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(beast::error_code ec, std::size_t n) {
    const auto now = Clock::now();
    if (ec) {
      if (!stopping_) {
        result_.dropped = true;
        result_.dropped_at_s = std::chrono::duration<double>(now - epoch_).count();
        result_.close_reason = ec.message();
        if (ec == websocket::error::closed) result_.close_reason = "closed by server: " + std::string(ws_.reason().reason.c_str());
      }
      return;
    }
    ++result_.messages;
    result_.bytes += n;
    result_.max_message = std::max<uint64_t>(result_.max_message, n);
    auto d = buffer_.cdata();
    std::string_view msg(static_cast<const char*>(d.data()), d.size());
    // The hub writes alert and control messages with nlohmann::json, whose
    // keys come out sorted ("type" last); vessel batches by hand ("type" first).
    const bool one = is_type(msg, "alert");
    if (one || is_type(msg, "alerts")) {
      // One alert, or several raised together: each is an object whose keys
      // come sorted, so its "kind" precedes its "mmsi".
      result_.alert_bytes += n;
      for (std::size_t at = find(msg, R"("first_time":)", 0); at != std::string_view::npos;
           at = find(msg, R"("first_time":)", at + 1)) {
        ++result_.alerts;
      }
      for (std::size_t at = find(msg, R"("mmsi":[)", 0); at != std::string_view::npos;
           at = find(msg, R"("mmsi":[)", at + 1)) {
        std::size_t kind = msg.rfind(R"("kind":")", at);
        if (kind == std::string_view::npos || msg.compare(kind + 8, 14, "position_jump\"") != 0) continue;
        ++result_.alerts_jump;
        uint32_t mmsi = static_cast<uint32_t>(std::strtoul(msg.data() + at + 8, nullptr, 10));
        if (mmsi >= kTriggerBase && mmsi - kTriggerBase < result_.alert_ns.size()) {
          int64_t& slot = result_.alert_ns[mmsi - kTriggerBase];
          if (slot < 0) slot = std::chrono::duration_cast<std::chrono::nanoseconds>(now - epoch_).count();
        }
      }
    } else if (msg.rfind(R"({"type":"vessels")", 0) == 0) {
      ++result_.vessel_batches;
      result_.batch_bytes += n;
    } else if (!subscribed_once_ && is_type(msg, "subscribed")) {
      subscribed_once_ = true;
      ++subscribed_;
    }
    buffer_.consume(buffer_.size());
    read();
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  Clock::time_point epoch_;
  std::atomic<int>& subscribed_;
  ClientResult result_;
  bool subscribed_once_ = false;
  bool stopping_ = false;
};

// ---- /metrics ----

// GET /metrics; returns the body ("" on failure).
std::string get_metrics(const Options& o) {
  try {
    asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(o.host, std::to_string(o.http_port)));
    http::request<http::empty_body> req{http::verb::get, "/metrics", 11};
    req.set(http::field::host, o.host);
    req.set(http::field::authorization, "Bearer " + o.token);
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return res.body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lookout_live_bench: GET /metrics: %s\n", e.what());
    return {};
  }
}

// Sum of a metric's samples whose line starts with `name` ("name{...} v" or "name v").
double metric(const std::string& text, std::string_view name) {
  double sum = 0;
  bool found = false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name, 0) != 0) continue;
    char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != '{' && next != ' ') continue;
    std::size_t sp = line.rfind(' ');
    sum += std::strtod(line.c_str() + sp + 1, nullptr);
    found = true;
  }
  return found ? sum : -1;
}

// ---- the sender ----

struct SendResult {
  uint64_t lines = 0, bytes = 0;
  std::vector<int64_t> second_sent_ns;  // per trigger, -1 = never sent
  uint32_t triggers_started = 0;
  double elapsed_s = 0;
  double max_write_ms = 0;   // longest single write(): the node pushing back
  double behind_s = 0;       // how far the pacing fell behind its schedule at the end
  double start_s = 0;        // feed start since the epoch
};

SendResult run_sender(const Options& o, const Stream& stream, const std::vector<std::string>& first,
                      const std::vector<std::string>& second, Clock::time_point epoch) {
  SendResult r;
  r.second_sent_ns.assign(first.size(), -1);
  asio::io_context io;
  tcp::socket sock(io);
  tcp::resolver resolver(io);
  asio::connect(sock, resolver.resolve(o.host, std::to_string(o.feed_port)));
  sock.set_option(tcp::no_delay(true));

  const auto start = Clock::now();
  r.start_s = std::chrono::duration<double>(start - epoch).count();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  const int lead_cycles = o.lead_ms / o.trigger_ms;
  const auto ns_since_epoch = [&](Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t - epoch).count();
  };
  std::size_t unit = 0;       // next corpus message
  std::size_t byte_pos = 0;   // its first byte
  int64_t cycle = 0;          // next trigger cycle
  auto write = [&](const char* p, std::size_t n) {
    auto t0 = Clock::now();
    asio::write(sock, asio::buffer(p, n));
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    r.max_write_ms = std::max(r.max_write_ms, ms);
    r.bytes += n;
  };
  for (;;) {
    auto now = Clock::now();
    if (now >= end) break;
    double elapsed = std::chrono::duration<double>(now - start).count();
    auto target = static_cast<uint64_t>(elapsed * o.rate);
    // Corpus up to the schedule (the trigger lines count towards the rate too).
    const uint64_t base = unit ? stream.unit_lines[unit - 1] : 0;
    std::size_t u = unit;
    while (u < stream.unit_end.size() && r.lines + (stream.unit_lines[u] - base) <= target) ++u;
    if (u > unit) {
      std::size_t to = stream.unit_end[u - 1];
      write(stream.bytes.data() + byte_pos, to - byte_pos);
      uint64_t n = stream.unit_lines[u - 1] - base;
      r.lines += n;
      byte_pos = to;
      unit = u;
      if (unit == stream.unit_end.size()) break;  // out of corpus (build_stream sized it for the run)
    }
    // Trigger cycles due: first reports of cycle c, second reports of c - lead.
    while (start + std::chrono::milliseconds(o.trigger_ms) * cycle <= now) {
      std::string batch;
      int64_t done = cycle - lead_cycles;
      if (cycle < static_cast<int64_t>(first.size())) {
        batch += first[static_cast<std::size_t>(cycle)];
        ++r.triggers_started;
      }
      bool has_second = done >= 0 && done < static_cast<int64_t>(first.size());
      if (has_second) batch += second[static_cast<std::size_t>(done)];
      if (!batch.empty()) {
        // The send time is taken just before the write(): taken after it, a
        // sender thread preempted inside the call would stamp the report
        // after the node has already answered it (seen: -0.2 ms).
        const int64_t t_send = ns_since_epoch(Clock::now());
        write(batch.data(), batch.size());
        r.lines += (cycle < static_cast<int64_t>(first.size()) ? 1 : 0) + (has_second ? 1 : 0);
        if (has_second) r.second_sent_ns[static_cast<std::size_t>(done)] = t_send;
      }
      ++cycle;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  auto stop = Clock::now();
  r.elapsed_s = std::chrono::duration<double>(stop - start).count();
  r.behind_s = std::max(0.0, static_cast<double>(static_cast<int64_t>(r.elapsed_s * o.rate) - static_cast<int64_t>(r.lines)) / o.rate);
  beast::error_code ec;
  sock.shutdown(tcp::socket::shutdown_send, ec);
  // Keep the connection open (closing is fine too: the node keeps what it read).
  sock.close(ec);
  return r;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return NAN;
  std::size_t k = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) ;
  k = std::clamp<std::size_t>(k, 1, v.size()) - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);

  // The corpus and the triggers, built before anything is timed.
  auto corpus = load_corpus(o.corpus);
  if (corpus.empty()) usage("the corpus holds no sentences");
  const auto lines_needed = static_cast<uint64_t>(o.rate * o.seconds * 1.05) + 1000;
  Stream stream = build_stream(corpus, lines_needed, o.remap);
  if (!o.dump_stream.empty()) {
    std::ofstream(o.dump_stream, std::ios::binary) << stream.bytes;
    return 0;
  }
  const auto n_triggers = static_cast<std::size_t>(
      std::min<double>(kTriggerSpan, std::ceil(o.seconds * 1000.0 / o.trigger_ms) + 1));
  std::vector<std::string> first(n_triggers), second(n_triggers);
  for (std::size_t i = 0; i < n_triggers; ++i) {
    // Standing still in the South Atlantic, far from every asset; the second
    // report is 1.8 degrees of latitude (200 km) north.
    double lat = -40.0 + 0.001 * static_cast<double>(i % 1000);
    double lon = -20.0 + 0.001 * static_cast<double>(i / 1000);
    first[i] = position_report(kTriggerBase + static_cast<uint32_t>(i), lat, lon);
    second[i] = position_report(kTriggerBase + static_cast<uint32_t>(i), lat + 1.8, lon);
  }
  std::printf("corpus: %zu sentences from %zu file(s); stream: %zu lines (%.1f MB), %s\n", corpus.size(),
              o.corpus.size(), static_cast<std::size_t>(stream.unit_lines.back()), static_cast<double>(stream.bytes.size()) / 1e6,
              o.remap ? "every pass after the first: MMSIs shifted, positions moved 0.05 deg north per pass" : "passes repeated verbatim");

  // Clients: connected and subscribed before the feed starts.
  const auto epoch = Clock::now();
  asio::io_context io;
  std::atomic<int> subscribed{0};
  std::vector<std::shared_ptr<WsClient>> clients;
  try {
    tcp::resolver resolver(io);
    auto where = resolver.resolve(o.host, std::to_string(o.http_port));
    for (int i = 0; i < o.clients; ++i) {
      auto c = std::make_shared<WsClient>(io, epoch, n_triggers, subscribed);
      c->connect(where, o.host + ":" + std::to_string(o.http_port), "/api/live?access_token=" + o.token);
      c->start();
      clients.push_back(std::move(c));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lookout_live_bench: WebSocket client: %s\n", e.what());
    return 1;
  }
  std::thread reader([&io] { io.run(); });
  for (int i = 0; i < 200 && subscribed.load() < o.clients; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (subscribed.load() < o.clients) {
    std::fprintf(stderr, "lookout_live_bench: only %d of %d clients subscribed\n", subscribed.load(), o.clients);
  }
  const double lines_before = metric(get_metrics(o), "lookout_input_lines_total");

  // The side load (--track-clients, --idle), running before the feed starts
  // and stopped when it ends.
  side_load::SideLoad side({o.host, o.http_port, o.token, o.track_mmsi, o.track_clients, o.track_days, o.idle,
                            o.idle_per_address, o.idle_partial, !o.track_ignore_retry_after});
  if (side.active()) {
    side.start();
    side.wait_idle_open(std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    side.begin_window();
  }

  // The feed.
  SendResult sent = run_sender(o, stream, first, second, epoch);
  side.stop();
  const auto send_end = Clock::now();
  const std::string m_end = get_metrics(o);
  const double lines_at_end = metric(m_end, "lookout_input_lines_total") - std::max(0.0, lines_before);

  // Drain: until the node has read every line (or drain_s passes), then a
  // moment more for the last alerts.
  double lines_read = lines_at_end;
  double drain_s = 0;
  std::string m_last = m_end;
  for (;;) {
    if (lines_read >= static_cast<double>(sent.lines)) break;
    drain_s = std::chrono::duration<double>(Clock::now() - send_end).count();
    if (drain_s > o.drain_s) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    m_last = get_metrics(o);
    lines_read = metric(m_last, "lookout_input_lines_total") - std::max(0.0, lines_before);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  m_last = get_metrics(o);
  lines_read = metric(m_last, "lookout_input_lines_total") - std::max(0.0, lines_before);
  asio::post(io, [&clients] {
    for (auto& c : clients) c->close();
  });
  reader.join();

  // ---- results ----
  std::size_t expected = 0;
  for (auto t : sent.second_sent_ns) expected += t >= 0 ? 1 : 0;
  std::vector<double> lat_ms;
  std::vector<double> per_trigger_max;
  lat_ms.reserve(expected * clients.size());
  std::size_t dropped = 0, min_got = SIZE_MAX, max_got = 0, late_or_missing = 0;
  uint64_t msgs = 0, bytes = 0, alerts = 0, batches = 0, alert_bytes = 0, batch_bytes = 0, max_message = 0;
  double first_drop = 1e9, last_drop = 0;
  for (const auto& c : clients) {
    const ClientResult& cr = c->result();
    std::size_t got = 0;
    for (std::size_t i = 0; i < n_triggers; ++i) {
      if (sent.second_sent_ns[i] < 0) continue;
      if (cr.alert_ns[i] < 0) {
        ++late_or_missing;
        continue;
      }
      ++got;
      lat_ms.push_back(static_cast<double>(cr.alert_ns[i] - sent.second_sent_ns[i]) / 1e6);
    }
    min_got = std::min(min_got, got);
    max_got = std::max(max_got, got);
    dropped += cr.dropped ? 1 : 0;
    if (cr.dropped) {
      first_drop = std::min(first_drop, cr.dropped_at_s - sent.start_s);
      last_drop = std::max(last_drop, cr.dropped_at_s - sent.start_s);
    }
    alert_bytes += cr.alert_bytes;
    batch_bytes += cr.batch_bytes;
    max_message = std::max(max_message, cr.max_message);
    msgs += cr.messages;
    bytes += cr.bytes;
    alerts += cr.alerts;
    batches += cr.vessel_batches;
  }
  // LIVE_BENCH_DUMP=FILE: one line per completed trigger (its MMSI, the send
  // time of its second report as steady-clock nanoseconds, and the fastest
  // and slowest client's latency in ms) to line up with the node's own log.
  if (const char* dump_path = std::getenv("LIVE_BENCH_DUMP")) {
    if (FILE* f = std::fopen(dump_path, "w")) {
      const int64_t epoch_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(epoch.time_since_epoch()).count();
      for (std::size_t i = 0; i < n_triggers; ++i) {
        if (sent.second_sent_ns[i] < 0) continue;
        int64_t lo = INT64_MAX, hi = -1;
        for (const auto& c : clients) {
          int64_t t = c->result().alert_ns[i];
          if (t < 0) continue;
          lo = std::min(lo, t);
          hi = std::max(hi, t);
        }
        std::fprintf(f, "%u %lld %.3f %.3f\n", kTriggerBase + static_cast<uint32_t>(i),
                     static_cast<long long>(epoch_ns + sent.second_sent_ns[i]),
                     hi < 0 ? -1.0 : static_cast<double>(lo - sent.second_sent_ns[i]) / 1e6,
                     hi < 0 ? -1.0 : static_cast<double>(hi - sent.second_sent_ns[i]) / 1e6);
      }
      std::fclose(f);
    }
  }
  std::vector<double> sorted = lat_ms;
  double p50 = percentile(sorted, 50), p90 = percentile(sorted, 90), p99 = percentile(sorted, 99);
  double mx = lat_ms.empty() ? NAN : *std::max_element(lat_ms.begin(), lat_ms.end());
  double mn = lat_ms.empty() ? NAN : *std::min_element(lat_ms.begin(), lat_ms.end());

  std::printf("\n== feed\n");
  std::printf("sent:              %llu lines, %.1f MB in %.2f s = %.0f lines/s (asked %.0f/s)\n",
              static_cast<unsigned long long>(sent.lines), static_cast<double>(sent.bytes) / 1e6, sent.elapsed_s,
              static_cast<double>(sent.lines) / sent.elapsed_s, o.rate);
  std::printf("sender:            longest write() %.1f ms, behind schedule at the end %.2f s\n", sent.max_write_ms,
              sent.behind_s);
  std::printf("node read (lookout_input_lines_total): %.0f when sending stopped (%.1f%% of sent, backlog %.0f lines)\n",
              lines_at_end, 100.0 * lines_at_end / static_cast<double>(sent.lines),
              static_cast<double>(sent.lines) - lines_at_end);
  std::printf("                   %.0f after the drain (%.1f s); node kept up: %s\n", lines_read, drain_s,
              lines_at_end >= 0.99 * static_cast<double>(sent.lines) ? "yes" : "NO");
  std::printf("node metrics:      vessels %.0f, observations %.0f, alerts opened %.0f (position_jump %.0f)\n",
              metric(m_last, "lookout_vessels"), metric(m_last, "lookout_observations_total"),
              metric(m_last, "lookout_alerts_opened_total"),
              metric(m_last, "lookout_alerts_opened_total{kind=\"position_jump\"}") >= 0
                  ? metric(m_last, "lookout_alerts_opened_total{kind=\"position_jump\"}")
                  : 0.0);
  std::printf("\n== WebSocket clients (%zu)\n", clients.size());
  std::printf("triggers:          %u started, %zu completed (second report sent) = alerts expected per client\n",
              sent.triggers_started, expected);
  std::printf("alerts received:   per client min %zu, max %zu of %zu; missing (trigger, client) pairs %zu\n",
              min_got == SIZE_MAX ? 0 : min_got, max_got, expected, late_or_missing);
  std::printf("clients dropped:   %zu", dropped);
  for (const auto& c : clients) {
    if (c->result().dropped) {
      std::printf(" [%s]", c->result().close_reason.c_str());
      break;
    }
  }
  if (dropped > 0) std::printf(", between %.1f s and %.1f s into the feed", first_drop, last_drop);
  std::printf("\nreceived in all:   %llu messages, %.1f MB: %llu vessel batches (%.1f MB), %llu alert messages of all kinds (%.1f MB); largest message %.2f MB\n",
              static_cast<unsigned long long>(msgs), static_cast<double>(bytes) / 1e6,
              static_cast<unsigned long long>(batches), static_cast<double>(batch_bytes) / 1e6,
              static_cast<unsigned long long>(alerts), static_cast<double>(alert_bytes) / 1e6,
              static_cast<double>(max_message) / 1e6);
  std::printf("\n== latency: second report written -> its position_jump alert read by a client (%zu pairs)\n",
              lat_ms.size());
  std::printf("min %.2f ms  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms   (target p99 < 5 ms: %s)\n", mn, p50,
              p90, p99, mx, p99 < 5.0 ? "met" : "NOT met");
  // Per second of the feed: stalls of the node's one thread show as seconds
  // whose worst latency jumps (a store commit, a vessel batch to every client).
  std::printf("per second of the feed (trigger's second report sent in that second): max latency over clients, ms\n");
  {
    std::vector<double> worst(static_cast<std::size_t>(std::ceil(sent.elapsed_s)) + 1, -1);
    for (std::size_t i = 0; i < n_triggers; ++i) {
      if (sent.second_sent_ns[i] < 0) continue;
      auto sec = static_cast<std::size_t>(static_cast<double>(sent.second_sent_ns[i]) / 1e9 - sent.start_s);
      if (sec >= worst.size()) continue;
      for (const auto& c : clients) {
        if (c->result().alert_ns[i] >= 0) {
          worst[sec] = std::max(worst[sec], static_cast<double>(c->result().alert_ns[i] - sent.second_sent_ns[i]) / 1e6);
        }
      }
    }
    for (std::size_t sec = 0; sec < worst.size(); ++sec) {
      if (worst[sec] >= 0) std::printf("  %zus:%.0f", sec, worst[sec]);
    }
    std::printf("\n");
  }
  side.print();
  std::printf("RESULT rate_asked=%.0f rate_sent=%.0f node_read_at_end=%.0f sent=%llu p50_ms=%.3f p90_ms=%.3f "
              "p99_ms=%.3f max_ms=%.3f expected=%zu min_received=%zu dropped=%zu\n",
              o.rate, static_cast<double>(sent.lines) / sent.elapsed_s, lines_at_end,
              static_cast<unsigned long long>(sent.lines), p50, p90, p99, mx, expected,
              min_got == SIZE_MAX ? 0 : min_got, dropped);
  return 0;
}
