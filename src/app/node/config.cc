#include "app/node/config.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

#include "app/node/detector_config.h"
#include "feed/net/host_port.h"

namespace lookout::node {

namespace fs = std::filesystem;

const char* to_string(InputKind kind) noexcept {
  switch (kind) {
    case InputKind::kTcpClient: return "tcp_client";
    case InputKind::kTcpServer: return "tcp_server";
    case InputKind::kUdp: return "udp";
    case InputKind::kFile: return "file";
    case InputKind::kSapient: return "sapient";
    case InputKind::kDetectionsUdp: return "detections_udp";
  }
  return "?";
}


namespace {

// Thrown inside the parser only and caught in parse_config: reading the
// configuration is one operation that is over at the first problem.
struct ConfigProblem : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks one table: its keys against a list, its values by type, and words
// every problem as "SOURCE:LINE: CONTEXT: KEY: what".
class TableReader {
 public:
  TableReader(const toml::table& table, std::string context, const std::string& source)
      : table_(table), context_(std::move(context)), source_(source) {}

  [[noreturn]] void fail(const toml::source_region& where, std::string_view key,
                         std::string_view what) const {
    std::string msg = source_;
    if (where.begin.line > 0) msg += ":" + std::to_string(where.begin.line);
    msg += ": ";
    if (!context_.empty()) msg += context_ + ": ";
    if (!key.empty()) {
      msg.append(key);
      msg += ": ";
    }
    msg.append(what);
    throw ConfigProblem(msg);
  }
  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    const toml::node* n = table_.get(key);
    fail(n != nullptr ? n->source() : table_.source(), key, what);
  }

  // Every key must be one of `known`.
  void only(std::initializer_list<std::string_view> known) const {
    for (auto&& [key, value] : table_) {
      bool ok = false;
      for (auto k : known) ok = ok || key.str() == k;
      if (ok) continue;
      std::string list;
      for (auto k : known) {
        if (!list.empty()) list += ", ";
        list.append(k);
      }
      fail(key.source(), "", "unknown key '" + std::string(key.str()) + "' (known: " + list + ")");
    }
  }

  bool has(std::string_view key) const { return table_.contains(key); }

  std::optional<std::string> string(std::string_view key, bool required = false) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) fail(table_.source(), key, "missing (required)");
      return std::nullopt;
    }
    if (!n->is_string()) fail(key, "must be a string");
    std::string value = n->as_string()->get();
    if (value.empty()) fail(key, "must not be empty");
    return value;
  }

  std::optional<double> number(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::nullopt;
    double value = 0;
    if (n->is_integer()) {
      value = static_cast<double>(n->as_integer()->get());
    } else if (n->is_floating_point()) {
      value = n->as_floating_point()->get();
    } else {
      fail(key, "must be a number");
    }
    if (!std::isfinite(value)) fail(key, "must be a finite number");
    return value;
  }

  std::optional<int64_t> integer(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_integer()) fail(key, "must be an integer");
    return n->as_integer()->get();
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::nullopt;
    if (!n->is_boolean()) fail(key, "must be true or false");
    return n->as_boolean()->get();
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* n = table_.get(key);
    if (n == nullptr) return out;
    if (!n->is_array()) fail(key, "must be an array of strings, e.g. [\"NATO\"]");
    for (const toml::node& item : *n->as_array()) {
      if (!item.is_string()) fail(item.source(), key, "must be an array of strings, e.g. [\"NATO\"]");
      out.push_back(item.as_string()->get());
    }
    return out;
  }

  // A path, resolved against `base` when relative, normalised.
  std::optional<std::string> path(std::string_view key, const fs::path& base, bool required,
                                  bool must_be_file) const {
    auto text = string(key, required);
    if (!text) return std::nullopt;
    fs::path p(*text);
    if (p.is_relative()) p = base / p;
    p = p.lexically_normal();
    if (must_be_file) {
      std::error_code ec;
      if (!fs::exists(p, ec)) fail(key, "'" + p.string() + "' does not exist");
      if (!fs::is_regular_file(p, ec)) fail(key, "'" + p.string() + "' is not a file");
    }
    return p.string();
  }

  // owner (required) and releasable_to, checked with marking_problem().
  Marking marking() const {
    Marking m;
    m.owner = *string("owner", true);
    m.releasable_to = strings("releasable_to");
    if (auto problem = marking_problem(m)) {
      fail(has("releasable_to") ? "releasable_to" : "owner", *problem);
    }
    return m;
  }

  const toml::table& table() const { return table_; }
  const std::string& context() const { return context_; }

 private:
  const toml::table& table_;
  std::string context_;
  const std::string& source_;
};

// The tables of a [[name]] array; an error when `name` is not an array of tables.
std::vector<const toml::table*> tables_of(const TableReader& root, std::string_view name) {
  std::vector<const toml::table*> out;
  const toml::node* n = root.table().get(name);
  if (n == nullptr) return out;
  if (!n->is_array_of_tables()) {
    root.fail(name, "must be written [[" + std::string(name) + "]] (a list of tables)");
  }
  for (const toml::node& t : *n->as_array()) out.push_back(t.as_table());
  return out;
}

// The table [name], or nullptr when absent.
const toml::table* table_of(const TableReader& root, std::string_view name) {
  const toml::node* n = root.table().get(name);
  if (n == nullptr) return nullptr;
  if (!n->is_table()) root.fail(name, "must be a table [" + std::string(name) + "]");
  return n->as_table();
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool is_url(std::string_view s) {
  return s.starts_with("postgresql://") || s.starts_with("postgres://");
}

void check_address(const TableReader& t, std::string_view key, const std::string& address,
                   bool bind) {
  auto hp = feed::parse_host_port(address);
  if (!hp.ok()) t.fail(key, feed::describe_host_port_error(address, hp.error()));
  if (bind && !hp->is_literal) {
    t.fail(key, "'" + address + "': a bind address must be an IP address (e.g. 0.0.0.0:10110), not a name");
  }
  if (!bind && hp->port == 0) t.fail(key, "'" + address + "': port 0 cannot be connected to");
}

void read_node(const TableReader& root, const fs::path& base, const std::string& source,
               NodeConfig& c) {
  if (const toml::table* node = table_of(root, "node")) {
    TableReader t(*node, "[node]", source);
    t.only({"name", "nation", "listen", "web_root", "tls_cert", "tls_key", "tls_min_version", "max_connections",
            "max_connections_per_address", "header_timeout_ms"});
    if (auto name = t.string("name")) {
      if (name->size() > 64) t.fail("name", "at most 64 bytes");
      for (unsigned char ch : *name) {
        if (ch < 0x20 || ch == 0x7f) t.fail("name", "must not hold control characters");
      }
      c.name = *name;
    }
    if (auto nation = t.string("nation")) {
      if (!is_nation_code(*nation)) t.fail("nation", "'" + *nation + "' is not an ISO 3166-1 alpha-3 code such as \"DNK\"");
      c.nation = *nation;
    }
    if (auto listen = t.string("listen")) {
      check_address(t, "listen", *listen, true);
      c.listen = *listen;
    }
    if (auto web = t.path("web_root", base, false, false)) c.web_root = *web;
    if (auto cert = t.path("tls_cert", base, false, true)) c.tls_cert = *cert;
    if (auto key = t.path("tls_key", base, false, true)) c.tls_key = *key;
    if (!c.tls_cert.empty() && c.tls_key.empty()) {
      t.fail("tls_cert", "needs tls_key too (the certificate's private key, PEM)");
    }
    if (c.tls_cert.empty() && !c.tls_key.empty()) {
      t.fail("tls_key", "needs tls_cert too (the certificate chain, PEM)");
    }
    if (auto version = t.string("tls_min_version")) {
      if (c.tls_cert.empty()) t.fail("tls_min_version", "only with tls_cert and tls_key");
      if (*version == "1.2") {
        c.tls_min_version = server::TlsMinVersion::kTls12;
      } else if (*version == "1.3") {
        c.tls_min_version = server::TlsMinVersion::kTls13;
      } else {
        t.fail("tls_min_version", "'" + *version + "' is not \"1.2\" or \"1.3\"");
      }
    }
    if (auto max = t.integer("max_connections")) {
      if (*max < 1 || *max > 100000) t.fail("max_connections", "must be from 1 to 100000");
      c.max_connections = static_cast<uint32_t>(*max);
    }
    if (auto max = t.integer("max_connections_per_address")) {
      if (*max < 1 || *max > 100000) t.fail("max_connections_per_address", "must be from 1 to 100000");
      if (*max > c.max_connections) t.fail("max_connections_per_address", "must not be above max_connections");
      c.max_connections_per_address = static_cast<uint32_t>(*max);
    }
    c.max_connections_per_address = std::min(c.max_connections_per_address, c.max_connections);
    if (auto ms = t.integer("header_timeout_ms")) {
      if (*ms < 100 || *ms > 300000) t.fail("header_timeout_ms", "must be from 100 to 300000 (milliseconds)");
      c.header_timeout_ms = static_cast<uint32_t>(*ms);
    }
  }
  if (const toml::table* clock = table_of(root, "clock")) {
    TableReader t(*clock, "[clock]", source);
    t.only({"speed"});
    if (auto speed = t.number("speed")) {
      if (*speed <= 0 || *speed > 1e6) t.fail("speed", "must be above 0 and at most 1000000");
      c.clock_speed = *speed;
    }
  }
  c.store = (base / c.store).lexically_normal().string();  // the default, beside the config
  if (const toml::table* store = table_of(root, "store")) {
    TableReader t(*store, "[store]", source);
    t.only({"path"});
    if (auto path = t.string("path")) {
      c.store = is_url(*path) ? *path : *t.path("path", base, false, false);
    }
  }
  if (const toml::table* air = table_of(root, "air")) {
    TableReader t(*air, "[air]", source);
    t.only({"sensors"});
    if (auto sensors = t.path("sensors", base, false, true)) c.air_sensors = *sensors;
  }
}

InputFormat parse_format(const TableReader& t) {
  auto text = t.string("format");
  if (!text || *text == "auto") return InputFormat::kUnknown;
  for (InputFormat f : {InputFormat::kNmea, InputFormat::kDmaCsv, InputFormat::kKystverketCsv,
                        InputFormat::kDigitrafficJson, InputFormat::kSbs, InputFormat::kRemoteId}) {
    if (*text == to_string(f)) return f;
  }
  t.fail("format", "'" + *text + "' is not an input format (auto, nmea, dma_csv, kystverket_csv, digitraffic_json, sbs, remote_id)");
}

InputConfig read_input(const TableReader& t, const fs::path& base) {
  t.only({"name", "kind", "address", "path", "format", "speed", "rebase", "loop", "max_clients",
          "owner", "releasable_to", "utc_offset_minutes"});
  InputConfig in;
  in.name = *t.string("name", true);
  if (!valid_name(in.name)) {
    t.fail("name", "'" + in.name + "': use 1-64 letters, digits, '-', '_' or '.'");
  }
  std::string kind = *t.string("kind", true);
  if (kind == "tcp_client") {
    in.kind = InputKind::kTcpClient;
  } else if (kind == "tcp_server") {
    in.kind = InputKind::kTcpServer;
  } else if (kind == "udp") {
    in.kind = InputKind::kUdp;
  } else if (kind == "file") {
    in.kind = InputKind::kFile;
  } else if (kind == "sapient") {
    in.kind = InputKind::kSapient;
  } else if (kind == "detections_udp") {
    in.kind = InputKind::kDetectionsUdp;
  } else {
    t.fail("kind", "'" + kind + "' is not one of tcp_client, tcp_server, udp, file, sapient, detections_udp");
  }
  bool file = in.kind == InputKind::kFile;
  if (file) {
    for (const char* key : {"address", "max_clients"}) {
      if (t.has(key)) t.fail(key, "only for network inputs, not kind = \"file\"");
    }
    in.path = *t.path("path", base, true, true);
    in.speed = t.number("speed").value_or(1.0);
    if (in.speed < 0 || in.speed > 1e6) t.fail("speed", "must be 0 (as fast as possible) or above, at most 1000000");
    in.rebase = t.boolean("rebase").value_or(true);
    in.loop = t.boolean("loop").value_or(false);
    if (in.loop && !in.rebase) {
      t.fail("loop", "loop = true needs rebase = true (without it every pass repeats the same times)");
    }
  } else {
    for (const char* key : {"path", "speed", "rebase", "loop"}) {
      if (t.has(key)) t.fail(key, "only for kind = \"file\"");
    }
    in.address = *t.string("address", true);
    check_address(t, "address", in.address, in.kind != InputKind::kTcpClient);
    if (auto max = t.integer("max_clients")) {
      if (in.kind != InputKind::kTcpServer && in.kind != InputKind::kSapient) {
        t.fail("max_clients", "only for kind = \"tcp_server\" or \"sapient\"");
      }
      if (*max < 1 || *max > 10000) t.fail("max_clients", "must be from 1 to 10000");
      in.max_clients = static_cast<uint32_t>(*max);
    }
  }
  if (is_air_input(in.kind) && t.has("format")) t.fail("format", "only for AIS inputs");
  in.format = parse_format(t);
  if (in.format == InputFormat::kSbs && in.kind != InputKind::kTcpClient) {
    t.fail("format", "\"sbs\" (ADS-B, dump1090/readsb port 30003) is read by kind = \"tcp_client\" (files: lookout replay)");
  }
  if (in.format == InputFormat::kRemoteId && in.kind != InputKind::kUdp) {
    t.fail("format", "\"remote_id\" (hex or JSON Lines a datagram line) is read by kind = \"udp\" (files: lookout replay)");
  }
  if (auto off = t.integer("utc_offset_minutes")) {
    if (in.format != InputFormat::kSbs) t.fail("utc_offset_minutes", "only for format = \"sbs\"");
    if (*off < -16 * 60 || *off > 16 * 60) t.fail("utc_offset_minutes", "must be from -960 to 960");
    in.utc_offset_minutes = static_cast<int>(*off);
  }
  in.marking = t.marking();
  return in;
}

TokenConfig read_token(const TableReader& t) {
  t.only({"name", "sha256", "nation", "role"});
  TokenConfig tok;
  tok.name = *t.string("name", true);
  if (!valid_name(tok.name)) {
    t.fail("name", "'" + tok.name + "': use 1-64 letters, digits, '-', '_' or '.'");
  }
  tok.sha256 = *t.string("sha256", true);
  bool hex = tok.sha256.size() == 64;
  for (char& ch : tok.sha256) {
    if (ch >= 'A' && ch <= 'F') ch = static_cast<char>(ch - 'A' + 'a');
    hex = hex && ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
  }
  if (!hex) {
    t.fail("sha256", "must be 64 hex digits, the SHA-256 of the token (printf %s TOKEN | sha256sum)");
  }
  tok.nation = *t.string("nation", true);
  if (!is_nation_code(tok.nation)) {
    t.fail("nation", "'" + tok.nation + "' is not an ISO 3166-1 alpha-3 code (e.g. DNK)");
  }
  std::string role = *t.string("role", true);
  auto parsed = server::role_from_string(role);
  if (!parsed) t.fail("role", "'" + role + "' is not one of viewer, operator, admin");
  tok.role = *parsed;
  return tok;
}

// [[unit]]: an own unit known by its MMSI. The top speed is what an
// intercept plans with, so it is required and must be positive.
track::DeclaredUnit read_unit(const TableReader& t) {
  t.only({"mmsi", "name", "kind", "top_speed_knots"});
  track::DeclaredUnit u;
  const std::optional<int64_t> mmsi = t.integer("mmsi");
  if (!mmsi) t.fail("mmsi", "missing (required)");
  if (*mmsi < 100'000'000 || *mmsi > 999'999'999) t.fail("mmsi", "must be a 9-digit MMSI");
  u.mmsi = static_cast<uint32_t>(*mmsi);
  u.name = *t.string("name", true);
  const std::string kind = t.string("kind").value_or("vessel");
  auto parsed = track::unit_kind_from_string(kind);
  if (!parsed) t.fail("kind", "'" + kind + "' is not one of vessel, aircraft, helicopter, shore_team, drone, other");
  u.kind = *parsed;
  const auto knots = t.number("top_speed_knots");
  if (!knots || !(*knots > 0) || *knots > 2000) t.fail("top_speed_knots", "required, a speed in knots above 0");
  u.top_speed_mps = *knots * 1852.0 / 3600.0;
  return u;
}

std::string numbered(std::string_view what, std::size_t index) {
  return "[[" + std::string(what) + "]] #" + std::to_string(index + 1);
}

// Applies a table of detector tables onto `params`; a problem is worded in
// the context of `t` (the table that holds `detectors`).
void read_detector_tables(const TableReader& t, const toml::table& detectors, std::string_view key_prefix,
                          detect::DetectorParams& params) {
  if (auto problem = apply_detector_tables(detectors, params)) {
    std::string key = problem->key.empty() ? "" : std::string(key_prefix) + problem->key;
    t.fail(problem->where, key, problem->what);
  }
}

std::string marking_text(const Marking& m) {
  std::string out = "owner " + m.owner + ", releasable_to [";
  for (std::size_t i = 0; i < m.releasable_to.size(); ++i) out += (i > 0 ? ", " : "") + m.releasable_to[i];
  return out + "]";
}

// [detectors.*] for every partition, then each [[partition]]'s own values on
// top. Needs the inputs: a partition is the set of inputs with its marking,
// so one whose marking no input has is a typo, refused.
void read_detectors(const TableReader& root, const std::string& source, NodeConfig& c) {
  if (const toml::table* detectors = table_of(root, "detectors")) {
    read_detector_tables(TableReader(*detectors, "[detectors]", source), *detectors, "", c.detectors);
  }
  auto partition_tables = tables_of(root, "partition");
  for (std::size_t i = 0; i < partition_tables.size(); ++i) {
    TableReader t(*partition_tables[i], numbered("partition", i), source);
    t.only({"owner", "releasable_to", "detectors"});
    PartitionConfig part{t.marking(), c.detectors};
    bool has_input = false;
    for (const auto& in : c.inputs) has_input = has_input || in.marking == part.marking;
    if (!has_input) {
      t.fail("owner", "no [[input]] has this marking (" + marking_text(part.marking) +
                          "); a partition is the inputs with one marking, listed in the same order");
    }
    for (const auto& other : c.partitions) {
      if (other.marking == part.marking) t.fail("owner", "another [[partition]] has the same marking");
    }
    if (const toml::table* detectors = table_of(t, "detectors")) read_detector_tables(t, *detectors, "detectors.", part.detectors);
    c.partitions.push_back(std::move(part));
  }
}

// One [[output]] (docs/cot-output.md). Only kind = "cot" for now.
server::cot::CotOutputConfig read_output(const TableReader& t, const fs::path& base) {
  t.only({"name", "kind", "transport", "address", "nation", "ca", "cert", "key", "max_events_per_second", "burst",
          "vessels", "air", "multicast_ttl", "multicast_interface"});
  server::cot::CotOutputConfig o;
  o.name = *t.string("name", true);
  if (!valid_name(o.name)) t.fail("name", "'" + o.name + "': use 1-64 letters, digits, '-', '_' or '.'");
  if (std::string kind = *t.string("kind", true); kind != "cot") t.fail("kind", "'" + kind + "' is not an output kind (cot)");
  const std::string transport = t.string("transport").value_or("tcp");
  if (transport == "tcp") {
    o.transport = server::cot::CotTransport::kTcp;
  } else if (transport == "tls") {
    o.transport = server::cot::CotTransport::kTls;
  } else if (transport == "udp") {
    o.transport = server::cot::CotTransport::kUdp;
  } else {
    t.fail("transport", "'" + transport + "' is not one of tcp, tls, udp");
  }
  o.address = *t.string("address", true);
  check_address(t, "address", o.address, /*bind=*/false);
  o.nation = *t.string("nation", true);
  if (!is_nation_code(o.nation)) t.fail("nation", "'" + o.nation + "' is not an ISO 3166-1 alpha-3 code");
  const bool tls = o.transport == server::cot::CotTransport::kTls;
  for (const char* key : {"ca", "cert", "key"}) {
    if (!tls && t.has(key)) t.fail(key, "only for transport = \"tls\"");
  }
  if (tls) {
    o.ca_file = *t.path("ca", base, true, true);
    o.cert_file = *t.path("cert", base, true, true);
    o.key_file = *t.path("key", base, true, true);
  }
  if (auto rate = t.number("max_events_per_second")) {
    if (*rate <= 0 || *rate > 1e6) t.fail("max_events_per_second", "must be above 0 and at most 1000000");
    o.max_events_per_second = *rate;
  }
  if (auto burst = t.integer("burst")) {
    if (*burst < 1 || *burst > 1'000'000) t.fail("burst", "must be 1 to 1000000");
    o.burst = static_cast<uint32_t>(*burst);
  }
  o.vessels = t.boolean("vessels").value_or(true);
  o.air = t.boolean("air").value_or(true);
  if (o.transport != server::cot::CotTransport::kUdp) {
    for (const char* key : {"multicast_ttl", "multicast_interface"}) {
      if (t.has(key)) t.fail(key, "only for transport = \"udp\"");
    }
  }
  if (auto ttl = t.integer("multicast_ttl")) {
    if (*ttl < 0 || *ttl > 255) t.fail("multicast_ttl", "must be 0 to 255");
    o.multicast_ttl = static_cast<uint32_t>(*ttl);
  }
  if (auto ifa = t.string("multicast_interface")) {
    auto hp = feed::parse_host_port(*ifa + ":1");
    if (!hp.ok() || !hp->is_literal || ifa->find(':') != std::string::npos) {
      t.fail("multicast_interface", "'" + *ifa + "' is not an IPv4 address");
    }
    o.multicast_interface = *ifa;
  }
  return o;
}

void read_outputs(const TableReader& root, const fs::path& base, const std::string& source, NodeConfig& c) {
  std::set<std::string> names;
  auto tables = tables_of(root, "output");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    TableReader t(*tables[i], numbered("output", i), source);
    auto o = read_output(t, base);
    if (!names.insert(o.name).second) t.fail("name", "'" + o.name + "' is used by another output");
    c.outputs.push_back(std::move(o));
  }
}

NodeConfig read_config(const toml::table& doc, const std::string& source, const fs::path& base) {
  NodeConfig c;
  c.source = source;
  TableReader root(doc, "", source);
  root.only({"node", "clock", "store", "assets", "watchlist", "input", "token", "air", "detectors", "partition",
              "output", "unit"});
  read_node(root, base, source, c);

  auto asset_tables = tables_of(root, "assets");
  for (std::size_t i = 0; i < asset_tables.size(); ++i) {
    TableReader t(*asset_tables[i], numbered("assets", i), source);
    t.only({"file", "owner", "releasable_to"});
    AssetLayerConfig a;
    a.file = *t.path("file", base, true, true);
    a.marking = t.marking();
    c.assets.push_back(std::move(a));
  }
  auto watch_tables = tables_of(root, "watchlist");
  for (std::size_t i = 0; i < watch_tables.size(); ++i) {
    TableReader t(*watch_tables[i], numbered("watchlist", i), source);
    t.only({"file"});
    c.watchlists.push_back({*t.path("file", base, true, true)});
  }
  std::set<std::string> input_names;
  auto input_tables = tables_of(root, "input");
  for (std::size_t i = 0; i < input_tables.size(); ++i) {
    std::string context = numbered("input", i);
    if (const toml::node* n = input_tables[i]->get("name"); n != nullptr && n->is_string()) {
      context += " '" + n->as_string()->get() + "'";
    }
    TableReader t(*input_tables[i], context, source);
    InputConfig in = read_input(t, base);
    if (!input_names.insert(in.name).second) t.fail("name", "'" + in.name + "' is used by another input");
    c.inputs.push_back(std::move(in));
  }
  read_detectors(root, source, c);
  std::set<std::string> token_names, token_hashes;
  auto token_tables = tables_of(root, "token");
  for (std::size_t i = 0; i < token_tables.size(); ++i) {
    TableReader t(*token_tables[i], numbered("token", i), source);
    TokenConfig tok = read_token(t);
    if (!token_names.insert(tok.name).second) t.fail("name", "'" + tok.name + "' is used by another token");
    if (!token_hashes.insert(tok.sha256).second) t.fail("sha256", "the same hash is given for another token");
    c.tokens.push_back(std::move(tok));
  }
  read_outputs(root, base, source, c);
  auto unit_tables = tables_of(root, "unit");
  for (std::size_t i = 0; i < unit_tables.size(); ++i) {
    TableReader t(*unit_tables[i], numbered("unit", i), source);
    track::DeclaredUnit u = read_unit(t);
    for (const auto& other : c.units) {
      if (other.mmsi == u.mmsi) t.fail("mmsi", std::to_string(u.mmsi) + " is listed by another unit");
    }
    c.units.push_back(std::move(u));
  }
  return c;
}

}  // namespace

const detect::DetectorParams& NodeConfig::detectors_for(const Marking& marking) const {
  for (const auto& part : partitions) {
    if (part.marking == marking) return part.detectors;
  }
  return detectors;
}

Result<NodeConfig> parse_config(std::string_view text, const std::string& source,
                                const fs::path& base_dir, std::string& error) {
  try {
    toml::table doc = toml::parse(text, source);
    return read_config(doc, source, base_dir);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source();
    error = source;
    if (where.begin.line > 0) {
      error += ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
    }
    error += ": not valid TOML: ";
    error.append(e.description());
    return make_error(ErrorCode::kBadValue, where.begin.line, "config");
  } catch (const ConfigProblem& e) {
    error = e.what();
    return make_error(ErrorCode::kBadValue, 0, "config");
  }
}

Result<NodeConfig> load_config(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot be read";
    return make_error(ErrorCode::kIoError, 0, "path");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = path + ": cannot be read";
    return make_error(ErrorCode::kIoError, 0, "path");
  }
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(path), ec);
  fs::path base = ec ? fs::path(path).parent_path() : absolute.parent_path();
  return parse_config(text.str(), path, base, error);
}

}  // namespace lookout::node
