#include <utility>  // before Asio (GCC 12 + C++20, see ../shared/STACK.md)

#include "app/node/node.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/post.hpp>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "alert/alert.h"
#include "app/air_engine.h"
#include "app/ais_input.h"
#include "app/engine.h"
#include "app/pipeline.h"
#include "app/node/fault_suspects.h"
#include "app/node/file_replay.h"
#include "app/node/live_pace.h"
#include "app/sensor_registry.h"
#include "app/sensors_file.h"
#include "app/store_recorder.h"
#include "decode/detections/jsonl_decoder.h"
#include "decode/remote_id/report_reader.h"
#include "decode/sbs/sbs_decoder.h"
#include "detect/watchlist.h"
#include "feed/net/host_port.h"
#include "feed/net/tcp_client.h"
#include "feed/net/tcp_server.h"
#include "feed/net/udp_listener.h"
#include "geo/asset_index.h"
#include "geo/asset_loader.h"
#include "server/api/api.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "server/api/views.h"
#include "server/cot/cot_outputs.h"
#include "server/http/server.h"
#include "server/sapient/fusion_node.h"
#include "store/store.h"
#include "store/store_reader.h"
#include "store/write_behind_store.h"
#include "track/friendly_units.h"

namespace lookout::node {

namespace {

constexpr auto kTickPeriod = std::chrono::milliseconds(250);
// Acknowledgements made elsewhere are looked up this often (wall time),
// among alerts whose latest state is at most kAckLookback older (event
// time) than the update that asks.
constexpr auto kAckRefresh = std::chrono::milliseconds(5000);
constexpr auto kAckLookback = std::chrono::milliseconds(6 * 3600 * 1000);
// Rows the store's writer may be behind before ingest waits for it (about
// ten seconds of a 50,000 reports/s feed; ~50 MB).
constexpr std::size_t kMaxQueuedRows = 500'000;
// The recorders never commit on their own: the node hands the store a batch
// every tick.
constexpr int64_t kRecorderNeverCommits = 0;
// Store reads off the io thread (store_reader.h): the API's on two threads
// (one caller holds at most one of them), each caller with at most eight
// requests waiting; the node's own (acknowledgements made elsewhere) on a
// third, so that no API caller delays the alert stream.
constexpr std::size_t kApiReaders = 2;
constexpr std::size_t kReadsPerCaller = 8;
constexpr std::size_t kReadsQueued = 256;

// The address of a network input (the config has checked it already).
std::optional<feed::HostPort> host_port_of(const InputConfig& in, std::string& error) {
  auto hp = feed::parse_host_port(in.address);
  if (!hp.ok()) {
    error = "input '" + in.name + "': " + feed::describe_host_port_error(in.address, hp.error());
    return std::nullopt;
  }
  return hp.value();
}

}  // namespace

struct Partition;

// Sees every picture change of one partition: history and live batches.
class PartitionListener final : public PictureListener {
 public:
  PartitionListener(StoreRecorder& recorder, server::LiveHub& hub, std::size_t index)
      : recorder_(recorder), hub_(hub), index_(index) {}
  void on_update(const track::Update& u) override {
    recorder_.on_update(u);
    if (u.vessel == nullptr) return;
    if (units_ != nullptr && u.kind == track::UpdateKind::kPosition) units_->report_ais(*u.vessel, *marking_);
    if (u.kind == track::UpdateKind::kPosition || u.kind == track::UpdateKind::kStatic) {
      hub_.vessel_changed(index_, u.vessel->mmsi);
      if (cot_ != nullptr) cot_->vessel_changed(index_, u.vessel->mmsi);
    }
  }
  void set_cot(server::cot::CotOutputs* cot) { cot_ = cot; }
  // Own units heard in this partition (under `marking`) go to `units`.
  void watch_units(track::FriendlyUnits* units, const Marking* marking) {
    units_ = units;
    marking_ = marking;
  }

 private:
  StoreRecorder& recorder_;
  server::LiveHub& hub_;
  std::size_t index_;
  server::cot::CotOutputs* cot_ = nullptr;  // the CoT outputs, when the config has any
  track::FriendlyUnits* units_ = nullptr;
  const Marking* marking_ = nullptr;
};

struct Partition {
  Marking marking;
  detect::DetectorParams detectors;  // its detectors' parameters, shown by /api/health
  std::unique_ptr<StoreRecorder> recorder;
  // Its engines, built as `lookout replay` builds them (app/pipeline.h).
  std::unique_ptr<Pipeline> pipeline;
  Engine* engine = nullptr;     // pipeline->engine()
  AirEngine* air = nullptr;     // pipeline->air(): when the partition has air inputs
  // With `air`: the sensors it knows (the config's, and SAPIENT nodes' own).
  std::unique_ptr<SensorRegistry> sensors;
  std::unique_ptr<PartitionListener> listener;
};

struct InputState {
  std::size_t partition = 0;
  std::unique_ptr<AisDecoder> decoder;
  std::unique_ptr<feed::LineInput> line_input;
  std::unique_ptr<FileReplay> replay;
  std::unique_ptr<detections::DetectionsJsonlDecoder> detections;  // detections_udp
  std::unique_ptr<sbs::SbsDecoder> sbs;                            // format = "sbs" (ADS-B)
  std::unique_ptr<remote_id::RemoteIdReportReader> remote_id;      // format = "remote_id"
  std::unique_ptr<sapient::FusionNode> fusion;                     // sapient
  std::thread fusion_thread;
  uint64_t observations = 0;
};

// An alert message waiting for an acknowledgement refresh (on_alert).
struct HeldAlert {
  nlohmann::json json;
  Marking marking;
  std::string id;
  alert::AlertState state;
};

struct Node::Impl {
  std::unique_ptr<store::WriteBehindStore> store;
  // After the store (destroyed before it); stopped and joined by stop().
  std::unique_ptr<store::StoreReader> reader;      // the API's reads
  std::unique_ptr<store::StoreReader> own_reader;  // the node's
  // Expires with the node: what a reader thread posts back checks it.
  std::shared_ptr<int> alive = std::make_shared<int>(0);
  std::unique_ptr<AssetIndex> assets;
  std::unique_ptr<detect::Watchlist> watchlist;
  std::unique_ptr<track::FriendlyUnits> units;  // own units, every partition's and the API's
  std::vector<std::unique_ptr<Partition>> partitions;
  std::vector<InputState> inputs;
  std::vector<air::SensorConfig> sensors;
  server::TokenBook tokens;
  std::unique_ptr<server::LiveHub> hub;
  std::unique_ptr<server::Api> api;
  std::unique_ptr<server::HttpServer> http;
  std::unique_ptr<server::cot::CotOutputs> cot;  // [[output]] kind = "cot"
  std::unique_ptr<boost::asio::steady_timer> timer;
  std::unique_ptr<boost::asio::steady_timer> live_timer;  // paces live slices
  LivePace live_pace;
  // Open alerts someone acknowledged, as stored after the acknowledgement
  // (through this node's API, handed over by it; or through another node
  // sharing the store: refreshed from it every few seconds by a read on
  // own_reader). An update of one of them keeps its acknowledgement; no
  // update waits for the store on the io thread.
  std::unordered_map<std::string, store::AlertRow> acked;
  std::optional<std::chrono::steady_clock::time_point> acked_refreshed;  // the last store refresh
  // While a refresh is out, alert messages wait here, in order, so that an
  // update keeps an acknowledgement made elsewhere before it (one indexed
  // query at most every kAckRefresh, on a connection no caller uses).
  bool refreshing = false;
  std::deque<HeldAlert> held;
  std::function<std::unique_ptr<store::Store>(std::unique_ptr<store::Store>)> wrap_reader;  // tests
  uint64_t ticks = 0;
  bool started = false;
  bool stopped = false;
};

Node::Node(NodeConfig config, boost::asio::io_context& io)
    : config_(std::move(config)), io_(io), clock_(config_.clock_speed), impl_(std::make_unique<Impl>()) {}

Node::~Node() { stop(); }

bool Node::open(std::string& error) {
  Impl& m = *impl_;
  // Assets: each layer's marking covers the features that carry none.
  std::vector<Asset> assets;
  for (const auto& layer : config_.assets) {
    auto loaded = load_assets_file(layer.file);
    if (!loaded.ok()) {
      error = loaded.error().message;
      return false;
    }
    for (auto& a : loaded.value().assets) {
      if (a.marking.owner.empty()) a.marking = layer.marking;
      assets.push_back(std::move(a));
    }
  }
  m.assets = std::make_unique<AssetIndex>(std::move(assets));
  for (const auto& wl : config_.watchlists) {
    if (!m.watchlist) m.watchlist = std::make_unique<detect::Watchlist>();
    if (!m.watchlist->load_csv(wl.file, error)) return false;
  }
  // The store writes on a thread of its own (WriteBehindStore): the io
  // thread hands it a batch every tick and never waits for a transaction.
  // The writer commits each hand-off whole (no size-triggered commits).
  store::StoreOptions so;
  so.batch_rows = std::numeric_limits<std::size_t>::max();
  m.store = store::open_write_behind_store(config_.store, so, kMaxQueuedRows, error);
  if (!m.store) return false;
  // Reads run on threads of their own, each with its own read-only
  // connection, and wait there for the writes before them (read-your-writes
  // without the io thread waiting).
  auto readers = [&](std::size_t n, store::StoreReader::Options o) -> std::unique_ptr<store::StoreReader> {
    std::vector<std::unique_ptr<store::Store>> connections;
    store::StoreOptions ro = so;
    ro.read_only = true;
    for (std::size_t i = 0; i < n; ++i) {
      auto c = store::open_store(config_.store, ro, error);
      if (!c) return nullptr;
      if (m.wrap_reader) c = m.wrap_reader(std::move(c));
      connections.push_back(std::move(c));
    }
    return std::make_unique<store::StoreReader>(
        std::move(connections), [s = m.store.get()](uint64_t seq) { s->wait_committed(seq); }, std::move(o));
  };
  store::StoreReader::Options api_reads;
  api_reads.per_caller = kReadsPerCaller;
  api_reads.total = kReadsQueued;
  m.reader = readers(kApiReaders, api_reads);
  if (!m.reader) return false;
  // The node's own reads (the acknowledgement refresh) hold alert messages
  // until they answer: they keep the io thread's priority. The API's reads
  // (31-day tracks) give way to it (StoreReader::Options::nice).
  store::StoreReader::Options own_reads;
  own_reads.nice = 0;
  m.own_reader = readers(1, own_reads);
  if (!m.own_reader) return false;
  if (!config_.air_sensors.empty()) {
    auto loaded = load_sensors_file(config_.air_sensors);
    if (!loaded.ok()) {
      error = config_.air_sensors + ": " + describe_sensors_error(loaded.error());
      return false;
    }
    m.sensors = std::move(loaded.value());
  }

  for (const auto& t : config_.tokens) {
    auto hash = server::sha256_from_hex(t.sha256);
    if (!hash) {
      error = "token '" + t.name + "': sha256 is not 64 hex digits";
      return false;
    }
    m.tokens.add({t.name, t.nation, t.role}, *hash);
  }
  m.hub = std::make_unique<server::LiveHub>(*this);
  // Alerts raised while the loop works through a burst of input go out
  // together when it comes round (one write per client, not one per alert).
  m.hub->set_alert_scheduler([this] {
    boost::asio::post(io_, [this] {
      if (!impl_->stopped) impl_->hub->flush_alerts();
    });
  });
  m.api = std::make_unique<server::Api>(*this, m.tokens, *m.hub);
  m.units = std::make_unique<track::FriendlyUnits>(config_.units);

  // One partition per distinct input marking. Alert ids are keyed hashes
  // (alert_book.h) of a scope naming the partition and this run (seconds
  // since 2020 in base 36) under a key drawn at random now: unique across
  // partitions and restarts, and they show a caller neither the partition
  // nor how many alerts were raised.
  std::string run_tag;
  {
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() - 1577836800;
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (auto v = secs > 0 ? secs : 0; v > 0; v /= 36) run_tag.insert(run_tag.begin(), kDigits[v % 36]);
    run_tag += 'p';
  }
  SipKey id_key;
  {
    std::random_device rd;
    for (auto& k : id_key) k = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }
  for (const auto& in : config_.inputs) {
    std::size_t p = 0;
    while (p < m.partitions.size() && !(m.partitions[p]->marking == in.marking)) ++p;
    if (p == m.partitions.size()) {
      auto part = std::make_unique<Partition>();
      part->marking = in.marking;
      part->detectors = config_.detectors_for(in.marking);
      part->recorder = std::make_unique<StoreRecorder>(*m.store, in.marking, kRecorderNeverCommits);
      PipelineParams params;
      params.detectors = part->detectors;
      // The partition's air picture (tracker and drone detectors beside its
      // maritime engine: drone_origin looks for the launch vessel in it)
      // when any input of its marking is an air input.
      params.air = std::any_of(config_.inputs.begin(), config_.inputs.end(),
                               [&](const auto& other) { return other.marking == in.marking && feeds_air_picture(other); });
      params.sensors = m.sensors;
      params.engine.alerts.default_marking = in.marking;
      params.engine.alerts.id_scope = run_tag + std::to_string(p);
      // A withdrawal goes to the live clients of the nations that lost sight
      // of an alert (its marking lists them) and nowhere else: the store
      // keeps the next state, which their reads no longer find.
      params.engine.alerts.withdrawals = [this, p](const alert::Alert& a) {
        impl_->hub->alert(server::alert_json(a), a.marking);
        if (impl_->cot) impl_->cot->alert(p, a);
      };
      params.engine.alerts.id_key = id_key;
      part->pipeline = std::make_unique<Pipeline>(std::move(params), *m.assets, m.watchlist.get(),
                                                  [this, p](const alert::Alert& a) { on_alert(p, a); });
      part->engine = &part->pipeline->engine();
      part->air = part->pipeline->air();
      if (part->air) {
        part->sensors = std::make_unique<SensorRegistry>(
            m.sensors, [air = part->air](const air::SensorConfig& c) { air->add_sensor(c); });
      }
      part->listener = std::make_unique<PartitionListener>(*part->recorder, *m.hub, p);
      part->engine->set_listener(part->listener.get());
      part->engine->set_own_units(m.units.get());
      part->listener->watch_units(m.units.get(), &part->marking);
      m.partitions.push_back(std::move(part));
    }
    InputState st;
    st.partition = p;
    if (is_air_input(in.kind)) {
      if (in.kind == InputKind::kDetectionsUdp) st.detections = std::make_unique<detections::DetectionsJsonlDecoder>();
      m.inputs.push_back(std::move(st));
      continue;
    }
    if (in.format == InputFormat::kSbs) {
      sbs::SbsParams sp;
      sp.utc_offset = std::chrono::minutes(in.utc_offset_minutes);
      sp.receiver.assign(in.name);
      st.sbs = std::make_unique<sbs::SbsDecoder>(sp);
      m.inputs.push_back(std::move(st));
      continue;
    }
    if (in.format == InputFormat::kRemoteId) {
      st.remote_id = std::make_unique<remote_id::RemoteIdReportReader>();
      m.inputs.push_back(std::move(st));
      continue;
    }
    InputFormat fmt = in.format == InputFormat::kUnknown ? InputFormat::kNmea : in.format;
    if (in.kind != InputKind::kFile) {
      st.decoder = make_ais_decoder(fmt);
      if (!st.decoder) {
        error = "input '" + in.name + "': format carries no AIS";
        return false;
      }
    }
    m.inputs.push_back(std::move(st));
  }
  if (!config_.outputs.empty()) {
    m.cot = std::make_unique<server::cot::CotOutputs>(config_.outputs, *this, io_);
    for (auto& part : m.partitions) part->listener->set_cot(m.cot.get());
  }
  return true;
}

bool Node::start(std::string& error, std::string_view listen) {
  Impl& m = *impl_;
  server::ServerOptions opts;
  opts.listen = listen.empty() ? config_.listen : std::string(listen);
  opts.web_root = config_.web_root;
  opts.tls_cert_file = config_.tls_cert;  // both empty: plain HTTP
  opts.tls_key_file = config_.tls_key;
  opts.tls_min_version = config_.tls_min_version;
  opts.max_connections = config_.max_connections;
  opts.max_connections_per_address = config_.max_connections_per_address;
  opts.header_timeout = std::chrono::milliseconds(config_.header_timeout_ms);
  m.http = std::make_unique<server::HttpServer>(io_, opts, *m.api, m.api.get());
  if (auto r = m.http->start(); !r.ok()) {
    error = m.http->error_text();
    return false;
  }
  auto now_fn = [this] { return clock_.now(); };
  for (std::size_t i = 0; i < config_.inputs.size(); ++i) {
    const InputConfig& in = config_.inputs[i];
    InputState& st = m.inputs[i];
    auto on_line = [this, i](std::string_view line, Timestamp received) { ingest_line(i, line, received); };
    switch (in.kind) {
      case InputKind::kTcpClient: {
        auto hp = host_port_of(in, error);
        if (!hp) return false;
        feed::TcpClientParams p;
        p.host = hp->host;
        p.port = hp->port;
        // dump1090 and readsb send an SBS heartbeat every 60 s: three missed is a stalled server.
        if (st.sbs) p.idle_timeout = std::chrono::seconds(180);
        st.line_input = std::make_unique<feed::TcpClientInput>(io_, p, now_fn, on_line);
        break;
      }
      case InputKind::kTcpServer:
      case InputKind::kUdp: {
        auto hp = host_port_of(in, error);
        if (!hp) return false;
        if (in.kind == InputKind::kTcpServer) {
          feed::TcpServerParams p;
          p.address = hp->host;
          p.port = hp->port;
          p.max_clients = in.max_clients;
          st.line_input = std::make_unique<feed::TcpServerInput>(io_, p, now_fn, on_line);
        } else {
          feed::UdpParams p;
          p.address = hp->host;
          p.port = hp->port;
          st.line_input = std::make_unique<feed::UdpInput>(io_, p, now_fn, on_line);
        }
        break;
      }
      case InputKind::kDetectionsUdp: {
        auto hp = host_port_of(in, error);
        if (!hp) return false;
        feed::UdpParams p;
        p.address = hp->host;
        p.port = hp->port;
        st.line_input = std::make_unique<feed::UdpInput>(
            io_, p, now_fn, [this, i](std::string_view line, Timestamp) { ingest_detection_line(i, line); });
        break;
      }
      case InputKind::kSapient: {
        auto hp = host_port_of(in, error);
        if (!hp) return false;
        sapient::FusionNodeOptions o;
        o.bind_address = hp->host;
        o.port = hp->port;
        o.max_connections = in.max_clients;
        sapient::FusionNodeCallbacks cb;
        // The fusion node serves its sessions on its own thread; each
        // detection is handed to the io thread, where the picture lives.
        cb.on_detection = [this, i](const SensorDetection& d) {
          boost::asio::post(io_, [this, i, d] {
            if (!impl_->stopped) ingest_detection(i, d);
          });
        };
        // Registrations and statuses place the node's sensor; posted in the
        // order the session took them, so a detection after a status is
        // placed from it.
        cb.on_message = [this, i](const sapient::SapientMessage& msg) {
          if (!msg.has_registration() && !msg.has_status_report()) return;
          boost::asio::post(io_, [this, i, msg] {
            if (!impl_->stopped) ingest_sapient(i, msg);
          });
        };
        auto node = sapient::FusionNode::listen(o, cb);
        if (!node.ok()) {
          error = "input '" + in.name + "': cannot listen on " + in.address;
          return false;
        }
        st.fusion = std::move(node.value());
        st.fusion_thread = std::thread([f = st.fusion.get()] { f->run(); });
        break;
      }
      case InputKind::kFile: {
        FileReplayParams p;
        p.path = in.path;
        p.format = in.format;
        p.speed = in.speed;
        p.rebase = in.rebase;
        p.loop = in.loop;
        st.replay = std::make_unique<FileReplay>(io_, clock_, p, [this, i](const AisObservation& obs) { ingest(i, obs); });
        if (auto r = st.replay->start(); !r.ok()) {
          auto st_err = st.replay->status().last_error;
          error = "input '" + in.name + "': " + (st_err.empty() ? in.path + ": " + r.error().message() : st_err);
          return false;
        }
        break;
      }
    }
    if (st.line_input && !st.line_input->start()) {
      error = "input '" + in.name + "': " + st.line_input->status().last_error;
      return false;
    }
  }
  if (m.cot && !m.cot->start(error)) return false;
  m.timer = std::make_unique<boost::asio::steady_timer>(io_);
  m.live_timer = std::make_unique<boost::asio::steady_timer>(io_);
  m.started = true;
  arm_timer();
  return true;
}

void Node::arm_timer() {
  Impl& m = *impl_;
  if (!m.timer || m.stopped) return;
  m.timer->expires_after(kTickPeriod);
  m.timer->async_wait([this](const boost::system::error_code& ec) {
    if (ec || impl_->stopped) return;
    tick();
    arm_timer();
  });
}

void Node::tick() {
  Impl& m = *impl_;
  ++m.ticks;
  Timestamp now = clock_.now();
  for (auto& part : m.partitions) {
    if (part->engine->now() < now) part->engine->advance(now);
    // Close air scans that no sensor will add to any more (sensors report
    // within a second or two of their measurement).
    if (part->air) part->air->advance(now - std::chrono::seconds(2));
    if (part->sensors) part->sensors->advance(now - std::chrono::seconds(2));
  }
  if (m.ticks % 2 == 0 && m.hub->begin_vessel_flush()) {
    m.live_pace = live_pace(m.hub->vessels_to_flush());  // spread over the interval
    flush_live_step();
  }
  if (m.cot) m.cot->tick();
  m.store->submit();
}

void Node::flush_live_step() {
  // One slice of the live vessel batch per turn of the event loop, paced
  // (see live_pace.h): a report that arrives meanwhile (and its alert)
  // waits for one slice, not for all, and finds the sockets nearly empty.
  Impl& m = *impl_;
  if (m.stopped || !m.hub->flush_vessels_step(m.live_pace.slice)) return;
  m.live_timer->expires_after(m.live_pace.gap);
  m.live_timer->async_wait([this](const boost::system::error_code& ec) {
    if (!ec) flush_live_step();
  });
}

void Node::stop() {
  Impl& m = *impl_;
  if (m.stopped) return;
  m.stopped = true;
  for (auto& in : m.inputs) {
    if (in.line_input) in.line_input->stop();
    if (in.replay) in.replay->stop();
    if (in.fusion) in.fusion->stop();
    if (in.fusion_thread.joinable()) in.fusion_thread.join();
  }
  if (m.timer) m.timer->cancel();
  if (m.live_timer) m.live_timer->cancel();
  if (m.http) m.http->stop();
  if (m.cot) m.cot->stop();
  // Reads not begun are dropped; running ones finish, and what they post
  // back finds the node stopped and drops the answer.
  if (m.reader) m.reader->stop();
  if (m.own_reader) m.own_reader->stop();
  m.held.clear();
  if (m.store) (void)m.store->commit();
}

Status Node::store_status() const { return impl_->store ? impl_->store->write_status() : Status(); }

bool Node::reload_tls(std::string& error) {
  Impl& m = *impl_;
  if (!m.http) {
    error = "the node is not serving";
    return false;
  }
  if (!m.http->reload_tls()) {
    error = m.http->error_text();
    return false;
  }
  return true;
}

uint16_t Node::http_port() const { return impl_->http ? impl_->http->local_port() : 0; }

void Node::ingest_line(std::size_t input, std::string_view line, Timestamp received) {
  InputState& st = impl_->inputs[input];
  if (st.sbs) {
    // ADS-B: garbage is rejected and counted by the decoder, never fatal.
    auto r = st.sbs->decode(line);
    if (!r.ok() || !r->has_value()) return;
    Partition& part = *impl_->partitions[st.partition];
    ++st.observations;
    if (part.air) part.air->observe_cooperative(**r);
    return;
  }
  if (st.remote_id) {
    // Remote ID: the same, the messages of one transmitter merged first.
    auto r = st.remote_id->decode(line);
    if (!r.ok() || !r->has_value()) return;
    Partition& part = *impl_->partitions[st.partition];
    ++st.observations;
    if (part.air) part.air->observe_cooperative(**r);
    return;
  }
  if (!st.decoder) return;
  st.decoder->feed(line, [&](const AisObservation& obs) {
    if (obs.time) {
      ingest(input, obs);
    } else {
      AisObservation stamped = obs;
      stamped.time = received;
      stamped.time_source = TimeSource::kReception;
      ingest(input, stamped);
    }
  });
}

void Node::ingest_detection_line(std::size_t input, std::string_view line) {
  InputState& st = impl_->inputs[input];
  if (!st.detections) return;
  auto d = st.detections->decode(line);
  if (d.ok()) ingest_detection(input, d.value());
}

void Node::ingest_detection(std::size_t input, const SensorDetection& d) {
  InputState& st = impl_->inputs[input];
  Partition& part = *impl_->partitions[st.partition];
  if (!part.air) return;
  ++st.observations;
  if (config_.inputs[input].kind == InputKind::kSapient && part.sensors) {
    SensorDetection placed = d;
    if (part.sensors->place(placed)) return;  // rejected: counted by the registry
    part.air->observe(placed);
    return;
  }
  part.air->observe(d);
}

void Node::ingest_sapient(std::size_t input, const sapient::SapientMessage& msg) {
  InputState& st = impl_->inputs[input];
  Partition& part = *impl_->partitions[st.partition];
  if (!part.sensors) return;
  part.sensors->on_message(msg);  // a message it cannot use is counted there
}

uint16_t Node::input_port(std::size_t input) const {
  const InputState& st = impl_->inputs.at(input);
  if (st.fusion) return st.fusion->port();
  if (auto* s = dynamic_cast<const feed::TcpServerInput*>(st.line_input.get())) return s->port();
  if (auto* u = dynamic_cast<const feed::UdpInput*>(st.line_input.get())) return u->port();
  return 0;
}

void Node::ingest(std::size_t input, const AisObservation& obs) {
  InputState& st = impl_->inputs[input];
  ++st.observations;
  Engine& engine = *impl_->partitions[st.partition]->engine;
  if (obs.time) {
    engine.observe(obs);
    return;
  }
  AisObservation stamped = obs;
  stamped.time = clock_.now();
  stamped.time_source = TimeSource::kReception;
  engine.observe(stamped);
}

void Node::on_alert(std::size_t partition, const alert::Alert& a) {
  Impl& m = *impl_;
  m.partitions[partition]->recorder->on_alert(a);
  if (m.cot) m.cot->alert(partition, a);
  // An update of an episode acknowledged elsewhere must know it: look now
  // and then (off the io thread), and hold the messages until the answer.
  if (a.state == alert::AlertState::kUpdate) refresh_acknowledged(a.time);
  HeldAlert h{server::alert_json(a), a.marking, a.id, a.state};
  if (m.refreshing || !m.held.empty()) {
    m.held.push_back(std::move(h));
    return;
  }
  publish_alert(std::move(h));
}

void Node::publish_alert(HeldAlert&& h) {
  Impl& m = *impl_;
  std::optional<server::LiveHub::AlertAck> ack;
  if (h.state == alert::AlertState::kUpdate) {
    // An update of an episode someone acknowledged stays acknowledged; the
    // acknowledgement goes only to the nations it is released to.
    if (auto it = m.acked.find(h.id); it != m.acked.end() && it->second.status == store::AlertStatus::kAcknowledged) {
      h.json["status"] = store::to_string(it->second.status);
      ack = server::LiveHub::AlertAck{server::ack_json(it->second), server::ack_marking(it->second)};
    }
  } else if (h.state == alert::AlertState::kRetracted) {
    m.acked.erase(h.id);
  }
  m.hub->alert(std::move(h.json), h.marking, std::move(ack));
}

void Node::alert_acknowledged(const store::AlertRow& row) { impl_->acked.insert_or_assign(row.id, row); }

void Node::refresh_acknowledged(Timestamp event_time) {
  // Acknowledgements made through another node sharing the store: the
  // alerts acknowledged whose latest state is recent (an episode still
  // being updated has a recent one). At most every kAckRefresh of wall
  // time (a fast file replay must not query on every update), one at a
  // time, on the node's own reader (it waits for none of our writes: those
  // acknowledgements came through our API and are known already).
  Impl& m = *impl_;
  if (m.refreshing || m.stopped || !m.own_reader) return;
  const auto now = std::chrono::steady_clock::now();
  if (m.acked_refreshed && now - *m.acked_refreshed < kAckRefresh) return;
  m.acked_refreshed = now;
  store::AlertFilter f;
  f.status = store::AlertStatus::kAcknowledged;
  f.since_ms = to_unix_ms(event_time) - kAckLookback.count();
  f.limit = 10000;
  m.refreshing = true;
  auto queued = post_read(*m.own_reader, "node", /*after_writes=*/false, [this, f](store::Store& reader) {
    auto rows = std::make_shared<StatusOr<std::vector<store::AlertRow>>>(std::vector<store::AlertRow>{});
    try {
      *rows = reader.alerts(f);
    } catch (const std::exception&) {
      *rows = Status::internal("reading acknowledged alerts failed");  // the follow-up must run: it releases the held alerts
    }
    return std::function<void()>([this, rows] {
      Impl& n = *impl_;
      n.refreshing = false;
      if (rows->ok()) {
        for (auto& row : **rows) {
          std::string id = row.id;
          n.acked.insert_or_assign(std::move(id), std::move(row));
        }
      } else {
        n.acked_refreshed.reset();  // try again at the next update
      }
      while (!n.held.empty() && !n.refreshing) {
        HeldAlert h = std::move(n.held.front());
        n.held.pop_front();
        publish_alert(std::move(h));
      }
    });
  });
  if (queued != StoreQueued::kYes) {
    m.refreshing = false;
    m.acked_refreshed.reset();
  }
}

server::NodeView::StoreQueued Node::post_read(store::StoreReader& reader, const std::string& caller,
                                              bool after_writes, StoreJob job) {
  Impl& m = *impl_;
  if (m.stopped) return StoreQueued::kStopped;
  uint64_t after = 0;
  if (after_writes) {
    m.store->submit();  // hands over what is buffered; does not wait
    after = m.store->submitted();
  }
  auto queued = reader.submit(caller, after, [this, job = std::move(job), alive = std::weak_ptr<int>(m.alive)](
                                                 store::Store& connection) mutable {
    std::function<void()> then = job(connection);
    boost::asio::post(io_, [this, alive, then = std::move(then)] {
      // The node may have stopped, or gone, meanwhile: then the follow-up
      // (and the answer it holds) is dropped, here on the io thread.
      if (alive.expired() || impl_->stopped || !then) return;
      then();
    });
  });
  switch (queued) {
    case store::StoreReader::Queued::kYes:
      return StoreQueued::kYes;
    case store::StoreReader::Queued::kCallerFull:
      return StoreQueued::kCallerFull;
    case store::StoreReader::Queued::kFull:
      return StoreQueued::kFull;
    case store::StoreReader::Queued::kStopped:
      break;
  }
  return StoreQueued::kStopped;
}

server::NodeView::StoreQueued Node::read_store(const std::string& caller, StoreJob job) {
  if (!impl_->reader) return StoreQueued::kStopped;
  return post_read(*impl_->reader, caller, /*after_writes=*/true, std::move(job));
}

Status Node::ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                       std::string_view comment, int64_t time_ms) {
  return impl_->store->acknowledge(id, principal, nation, comment, time_ms);
}

void Node::settle() {
  Impl& m = *impl_;
  run_until([&m] { return !m.refreshing && m.held.empty(); });
  io_.restart();
  io_.poll();  // what the hub posted for them (one message per client per turn)
}

void Node::run_until(const std::function<bool()>& done) {
  // Only for a caller that owns the io thread (io_ is not being run): a
  // store read's answer arrives as a posted handler.
  auto work = boost::asio::make_work_guard(io_);
  io_.restart();
  while (!done() && !impl_->stopped) io_.run_one();
}

void Node::wrap_store_readers(std::function<std::unique_ptr<store::Store>(std::unique_ptr<store::Store>)> wrap) {
  impl_->wrap_reader = std::move(wrap);
}

server::Api& Node::api() { return *impl_->api; }
server::LiveHub& Node::hub() { return *impl_->hub; }

const track::FriendlyUnits* Node::friendly_units() const { return impl_->units.get(); }

bool Node::report_unit(const track::UnitReport& report) {
  return impl_->units != nullptr && impl_->units->report(report);
}

StatusOr<server::FaultAnswer> Node::fault_suspects(store::Store& reader, const server::FaultQuery& query,
                                                   std::string_view nation) const {
  // On a reader thread: the asset index and the watch list are read-only.
  return node::fault_suspects(reader, *impl_->assets, impl_->watchlist.get(), query, nation, to_unix_ms(now()));
}

std::vector<server::PartitionView> Node::partitions() const {
  std::vector<server::PartitionView> out;
  out.reserve(impl_->partitions.size());
  for (const auto& p : impl_->partitions) {
    out.push_back({&p->marking, &p->engine->picture(), &p->engine->alerts(), p->engine->counts().observations,
                   p->air ? &p->air->tracker() : nullptr, &p->detectors,
                   p->air ? &p->air->cooperative() : nullptr});
  }
  return out;
}

const AssetIndex& Node::assets() const { return *impl_->assets; }

store::Store& Node::store() { return *impl_->store; }

void Node::sync_store() { (void)impl_->store->commit(); }

void Node::write_metrics(std::string& out, const server::Principal& caller) const {
  const Impl& m = *impl_;
  out += "# HELP lookout_input_observations_total Observations an input brought.\n";
  out += "# TYPE lookout_input_observations_total counter\n";
  std::string conn =
      "# HELP lookout_input_connected 1 while an input is connected or bound.\n# TYPE lookout_input_connected gauge\n";
  std::string lines = "# HELP lookout_input_lines_total Lines an input framed.\n# TYPE lookout_input_lines_total counter\n";
  std::string rejected =
      "# HELP lookout_input_rejected_total Lines an ADS-B (SBS-1) or Remote ID input rejected.\n# TYPE lookout_input_rejected_total counter\n";
  std::string reconnects =
      "# HELP lookout_input_reconnects_total Connection attempts of a tcp_client input after its first.\n"
      "# TYPE lookout_input_reconnects_total counter\n";
  for (std::size_t i = 0; i < config_.inputs.size() && i < m.inputs.size(); ++i) {
    const InputConfig& in = config_.inputs[i];
    if (!releasable_to_nation(in.marking, caller.nation)) continue;
    const InputState& st = m.inputs[i];
    std::string label = "input=\"" + in.name + "\",kind=\"" + to_string(in.kind) + "\"";
    out += "lookout_input_observations_total{" + label + "} " + std::to_string(st.observations) + "\n";
    if (st.line_input) {
      auto s = st.line_input->status();
      conn += "lookout_input_connected{" + label + "} " + (s.connected ? "1" : "0") + "\n";
      lines += "lookout_input_lines_total{" + label + "} " + std::to_string(s.lines) + "\n";
      if (in.kind == InputKind::kTcpClient) {
        reconnects += "lookout_input_reconnects_total{" + label + "} " + std::to_string(s.reconnects) + "\n";
      }
      if (st.sbs) rejected += "lookout_input_rejected_total{" + label + "} " + std::to_string(st.sbs->stats().total_errors()) + "\n";
      if (st.remote_id) {
        rejected += "lookout_input_rejected_total{" + label + "} " + std::to_string(st.remote_id->stats().total_errors()) + "\n";
      }
    } else if (st.replay) {
      auto s = st.replay->status();
      lines += "lookout_input_lines_total{" + label + "} " + std::to_string(s.lines) + "\n";
    }
  }
  out += conn;
  out += lines;
  // Only when some input has them (a node without tcp_clients is unchanged).
  if (rejected.find("{") != std::string::npos) out += rejected;
  if (reconnects.find("{") != std::string::npos) out += reconnects;
  // SAPIENT detections the sensor registry could not place (a node that has
  // not registered, has no site yet, said Goodbye...): counted per sensor and
  // reason over the partitions released to the caller, so none is lost unseen.
  std::map<std::pair<std::string, std::string>, uint64_t> sensor_rejects;
  for (const auto& part : m.partitions) {
    if (!part->sensors || !releasable_to_nation(part->marking, caller.nation)) continue;
    for (const auto& [id, sensor] : part->sensors->sensors()) {
      for (std::size_t r = 0; r < sensor.rejected.size(); ++r) {
        if (sensor.rejected[r] == 0) continue;
        sensor_rejects[{id, to_string(static_cast<SensorReject>(r))}] += sensor.rejected[r];
      }
    }
    for (const auto& [id, n] : part->sensors->unknown()) {
      sensor_rejects[{id, to_string(SensorReject::kNotRegistered)}] += n;
    }
  }
  if (!sensor_rejects.empty()) {
    out += "# HELP lookout_air_detections_rejected_total SAPIENT detections the node could not place, by sensor "
           "and reason.\n# TYPE lookout_air_detections_rejected_total counter\n";
    auto label_value = [](const std::string& v) {  // the ids come off the wire: escape as the text format asks
      std::string e;
      for (char c : v) {
        if (c == '\\' || c == '"') e += '\\';
        if (c == '\n') {
          e += "\\n";
          continue;
        }
        e += c;
      }
      return e;
    };
    for (const auto& [key, n] : sensor_rejects) {
      out += "lookout_air_detections_rejected_total{sensor=\"" + label_value(key.first) + "\",reason=\"" + key.second +
             "\"} " + std::to_string(n) + "\n";
    }
  }
  // The store's counters sum every partition's rows (and the audit log):
  // they cannot be split by marking, so only the admins of the nation
  // running the node read them.
  const bool node_wide = caller.is_admin() && !config_.nation.empty() && caller.nation == config_.nation;
  if (m.cot) m.cot->write_metrics(out, caller, node_wide);
  if (m.store && node_wide) {
    auto s = m.store->stats();
    out += "# HELP lookout_store_rows_written_total Rows the store's writer committed.\n"
           "# TYPE lookout_store_rows_written_total counter\n"
           "lookout_store_rows_written_total " + std::to_string(s.rows_written) + "\n";
    out += "# HELP lookout_store_queued_rows Rows handed to the store's writer and not yet committed.\n"
           "# TYPE lookout_store_queued_rows gauge\n"
           "lookout_store_queued_rows " + std::to_string(s.queued_rows) + "\n";
    out += "# HELP lookout_store_last_commit_seconds How long the writer's last transaction took.\n"
           "# TYPE lookout_store_last_commit_seconds gauge\n"
           "lookout_store_last_commit_seconds " + std::to_string(s.last_commit_seconds) + "\n";
    if (m.reader) {
      out += "# HELP lookout_store_reads_queued API store reads waiting for a reader thread.\n"
             "# TYPE lookout_store_reads_queued gauge\n"
             "lookout_store_reads_queued " + std::to_string(m.reader->queued()) + "\n";
    }
    out += "# HELP lookout_store_failed 1 after a write failed (the store stops writing).\n"
           "# TYPE lookout_store_failed gauge\n"
           "lookout_store_failed " + std::string(s.failed ? "1" : "0") + "\n";
  }
}

}  // namespace lookout::node
