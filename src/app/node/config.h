// NodeConfig: the live node's configuration (`lookout serve --config FILE`),
// read from TOML. examples/lookout.toml documents every key; in short:
//
//   [node]      name, nation, listen ("127.0.0.1:8080"), web_root,
//               tls_cert, tls_key, tls_min_version ("1.2" | "1.3"),
//               max_connections, max_connections_per_address,
//               header_timeout_ms
//   [clock]     speed (1 = wall clock)
//   [store]     path (SQLite file or postgresql:// URL; default "lookout.db")
//   [[assets]]  file, owner, releasable_to
//   [[watchlist]] file
//   [[input]]   name, kind (tcp_client | tcp_server | udp | file), address,
//               path, format, speed, rebase, loop, max_clients, owner,
//               releasable_to, utc_offset_minutes (format = "sbs")
//   [[token]]   name, sha256, nation, role (viewer | operator | admin)
//   [[output]]  name, kind ("cot"), transport (tcp | tls | udp), address,
//               nation, ca, cert, key (tls), max_events_per_second, burst,
//               vessels, air, multicast_ttl, multicast_interface (udp)
//   [[unit]]    mmsi, name, kind, top_speed_knots: an own unit reporting
//               on AIS (track/friendly_units.h): friendly on the map,
//               never alerting, offered for intercepts
//   [air]       sensors
//   [detectors.NAME]  parameters of detector NAME in every partition
//   [[partition]] owner, releasable_to: the partition of the inputs with this
//               marking; [partition.detectors.NAME] its own parameters
//               (detect/detector_params.h names every parameter)
//
// Everything is checked before the node starts, and the first problem is
// reported as one sentence naming the file, the line (when known) and the
// key: "lookout.toml:31: [[input]] #2 'dk-coast': unknown key 'adress'".
// Unknown keys are errors, so a typo never silently falls back to a default.
// Relative paths are resolved against the folder of the configuration file;
// the files an input, asset layer, watchlist or sensor list names must exist.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/marking.h"
#include "core/result.h"
#include "decode/sniff.h"
#include "detect/detector_params.h"
#include "server/api/auth.h"
#include "server/cot/cot_output_config.h"
#include "server/http/server.h"
#include "track/friendly_units.h"

namespace lookout::node {

// AIS: tcp_client, tcp_server, udp, file. Air: sapient (a SAPIENT BSI Flex
// 335 v2.0 fusion node: sensors connect and send protobuf frames) and
// detections_udp (JSON Lines sensor detections, docs/ARCHITECTURE.md).
enum class InputKind : uint8_t { kTcpClient, kTcpServer, kUdp, kFile, kSapient, kDetectionsUdp };
// "tcp_client", "tcp_server", "udp", "file", "sapient", "detections_udp".
const char* to_string(InputKind kind) noexcept;
// True for the inputs that bring sensor detections rather than AIS.
inline bool is_air_input(InputKind kind) { return kind == InputKind::kSapient || kind == InputKind::kDetectionsUdp; }

// A token's role is the API's own (server/api/auth.h): viewer, operator, admin.
using Role = server::Role;

struct InputConfig {
  std::string name;            ///< Unique; letters, digits, '-', '_', '.'; used in metrics and the audit log.
  InputKind kind = InputKind::kTcpClient;
  std::string address;         ///< tcp_client: host:port to connect to; tcp_server/udp: IP:port to bind.
  std::string path;            ///< file: absolute path of the recording.
  InputFormat format = InputFormat::kUnknown;  ///< kUnknown = "auto": sniffed (files) or NMEA (network).
  double speed = 1.0;          ///< file: file time per node-clock time; 0 = as fast as possible.
  bool rebase = true;          ///< file: shift event times so that the first is the node's now.
  bool loop = false;           ///< file: start again at the end (needs rebase).
  uint32_t max_clients = 64;   ///< tcp_server: open connections at most.
  // format = "sbs" (a tcp_client to dump1090/readsb port 30003): the
  // writer's clock minus UTC in minutes (dump1090-fa writes local time;
  // readsb UTC, the default 0).
  int utc_offset_minutes = 0;
  Marking marking;             ///< Owner and releasability of everything this input brings.
};

// True for the inputs that feed an air picture: the air kinds, and SBS-1
// ADS-B (cooperative aircraft) over a tcp_client, Remote ID (drones) over udp.
inline bool feeds_air_picture(const InputConfig& in) {
  return is_air_input(in.kind) || in.format == InputFormat::kSbs || in.format == InputFormat::kRemoteId;
}

struct AssetLayerConfig {
  std::string file;            ///< Absolute path of a GeoJSON asset file.
  Marking marking;             ///< For features that carry no marking of their own.
};

struct WatchlistConfig {
  std::string file;            ///< Absolute path of a watchlist CSV.
};

struct TokenConfig {
  std::string name;            ///< The principal in the audit log; unique.
  std::string sha256;          ///< SHA-256 of the token, 64 lower-case hex digits.
  std::string nation;          ///< ISO 3166-1 alpha-3.
  Role role = Role::kViewer;
};

// The detector parameters of one partition: the inputs whose marking is
// `marking` (node_view.h).
struct PartitionConfig {
  Marking marking;
  detect::DetectorParams detectors;  ///< [detectors.*] with this partition's own values on top.
};

struct NodeConfig {
  std::string source;                   ///< The file it was read from (for messages).
  std::string name = "lookout";         ///< Shown in the UI and /api/health.
  // ISO 3166-1 alpha-3 of the nation running the node; empty = not said.
  // Only its admins read the node-wide operational metrics (store rows,
  // queue, commits): they count every nation's data and cannot be split.
  std::string nation;
  std::string listen = "127.0.0.1:8080";  ///< HTTP address (IP literal:port).
  std::string web_root;                 ///< Absolute folder of the built web UI; empty = none.
  // HTTPS/WSS instead of HTTP/WS: absolute paths of the PEM certificate
  // chain and private key, both or neither (the files must exist; their
  // contents are checked when the server starts).
  std::string tls_cert;
  std::string tls_key;
  server::TlsMinVersion tls_min_version = server::TlsMinVersion::kTls12;
  // Connection limits of the HTTP server (server::ServerOptions): open
  // connections in all, from one address (an IPv6 /64), and the deadline
  // for a request (and, on a new connection, from its accept to the end of
  // its first request), so that idle connections cannot shut others out.
  uint32_t max_connections = 1024;
  uint32_t max_connections_per_address = 64;
  uint32_t header_timeout_ms = 5000;
  double clock_speed = 1.0;             ///< > 0; 1 = the wall clock.
  std::string store = "lookout.db";     ///< Absolute SQLite path, or a postgresql:// URL as written.
  std::vector<AssetLayerConfig> assets;
  std::vector<WatchlistConfig> watchlists;
  std::vector<InputConfig> inputs;
  std::vector<TokenConfig> tokens;
  std::string air_sensors;              ///< Absolute path of the air sensors JSON; empty = none.
  detect::DetectorParams detectors;     ///< [detectors.*]: of every partition without its own.
  std::vector<PartitionConfig> partitions;  ///< [[partition]]: each matches the marking of an input.
  std::vector<server::cot::CotOutputConfig> outputs;  ///< [[output]] kind = "cot": CoT (TAK) outputs.
  std::vector<track::DeclaredUnit> units;   ///< [[unit]]: own units by MMSI; each MMSI once.

  // The detector parameters of the partition of inputs marked `marking`.
  const detect::DetectorParams& detectors_for(const Marking& marking) const;
};

// Reads and checks a configuration file. On failure returns kBadValue
// (kIoError when the file cannot be read) and sets `error` to the sentence
// that says what is wrong and where.
Result<NodeConfig> load_config(const std::string& path, std::string& error);

// The same for TOML text: `source` names it in messages and `base_dir`
// resolves relative paths.
Result<NodeConfig> parse_config(std::string_view text, const std::string& source,
                                const std::filesystem::path& base_dir, std::string& error);

}  // namespace lookout::node
