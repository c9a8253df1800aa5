#include "app/node/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace lookout::node {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(LOOKOUT_SOURCE_DIR) / "examples";
const std::string kAssets = "../data/assets/baltic_north_sea.geojson";

// Parses `text` as if it were examples/test.toml.
Result<NodeConfig> parse(const std::string& text, std::string& error) {
  return parse_config(text, "test.toml", kExamples, error);
}

// The error for `text`, which must be refused.
std::string error_of(const std::string& text) {
  std::string error;
  auto r = parse(text, error);
  EXPECT_FALSE(r.ok()) << text;
  return error;
}

const char* kInput = R"(
[[input]]
name = "in"
kind = "udp"
address = "127.0.0.1:10111"
owner = "DNK"
)";

TEST(NodeConfig, EmptyFileGivesTheDefaults) {
  std::string error;
  auto r = parse("", error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_EQ(r->name, "lookout");
  EXPECT_EQ(r->listen, "127.0.0.1:8080");
  EXPECT_EQ(r->clock_speed, 1.0);
  EXPECT_EQ(r->store, (kExamples / "lookout.db").string());
  EXPECT_TRUE(r->web_root.empty());
  EXPECT_TRUE(r->inputs.empty());
  EXPECT_TRUE(r->tokens.empty());
  EXPECT_EQ(r->source, "test.toml");
}

TEST(NodeConfig, LoadsTheBundledExample) {
  std::string error;
  auto r = load_config((kExamples / "lookout.toml").string(), error);
  ASSERT_TRUE(r.ok()) << error;
  const NodeConfig& c = *r;
  EXPECT_EQ(c.name, "dnk-moc");
  EXPECT_EQ(c.nation, "DNK");
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.web_root, (kExamples.parent_path() / "web" / "dist").lexically_normal().string());
  EXPECT_EQ(c.store, "/tmp/lookout-example.db");
  ASSERT_EQ(c.assets.size(), 1u);
  EXPECT_TRUE(fs::exists(c.assets[0].file));
  EXPECT_EQ(c.assets[0].marking.owner, "DNK");
  EXPECT_EQ(c.assets[0].marking.releasable_to, std::vector<std::string>{"NATO"});
  ASSERT_EQ(c.watchlists.size(), 1u);
  EXPECT_TRUE(fs::exists(c.watchlists[0].file));

  ASSERT_EQ(c.inputs.size(), 3u);
  const InputConfig& file = c.inputs[0];
  EXPECT_EQ(file.name, "dk-recording");
  EXPECT_EQ(file.kind, InputKind::kFile);
  EXPECT_TRUE(fs::path(file.path).is_absolute());
  EXPECT_TRUE(fs::exists(file.path));
  EXPECT_EQ(file.format, InputFormat::kUnknown);
  EXPECT_EQ(file.speed, 1.0);
  EXPECT_TRUE(file.rebase);
  EXPECT_TRUE(file.loop);
  EXPECT_EQ(file.marking.releasable_to, std::vector<std::string>{"JEF"});
  EXPECT_EQ(c.inputs[1].kind, InputKind::kTcpServer);
  EXPECT_EQ(c.inputs[1].address, "127.0.0.1:10110");
  EXPECT_EQ(c.inputs[1].max_clients, 16u);
  EXPECT_EQ(c.inputs[2].kind, InputKind::kUdp);
  EXPECT_EQ(c.inputs[2].marking.owner, "GRC");

  ASSERT_EQ(c.tokens.size(), 3u);
  EXPECT_EQ(c.tokens[0].name, "dnk-watch");
  EXPECT_EQ(c.tokens[0].role, Role::kOperator);
  EXPECT_EQ(c.tokens[0].nation, "DNK");
  EXPECT_EQ(c.tokens[1].role, Role::kAdmin);
  EXPECT_EQ(c.tokens[2].role, Role::kViewer);
  EXPECT_EQ(c.tokens[2].sha256.size(), 64u);
}

TEST(NodeConfig, ReadsEveryKey) {
  std::string error;
  auto r = parse(R"(
[node]
name = "fin-moc"
nation = "FIN"
listen = "[::1]:0"
web_root = "/srv/lookout"
[clock]
speed = 60
[store]
path = "postgresql://lookout@db/lookout"
[[assets]]
file = ")" + kAssets + R"("
owner = "FIN"
[[input]]
name = "fi.coast_1"
kind = "tcp_client"
address = "ais.example.org:5631"
format = "nmea"
owner = "FIN"
releasable_to = ["JEF", "USA"]
[[input]]
name = "replay"
kind = "file"
path = "../data/ais/pyais_aegean_sample.nmea"
speed = 0
rebase = false
owner = "GRC"
[[token]]
name = "ops"
sha256 = "8023A526E7D30B8F175C32B8B8761134DA69D114CF93EF45FF65C09B40197C8B"
nation = "FIN"
role = "operator"
[air]
sensors = "../tests/scenarios/drone_from_ship/sensors.json"
)", error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_EQ(r->name, "fin-moc");
  EXPECT_EQ(r->nation, "FIN");
  EXPECT_EQ(r->listen, "[::1]:0");
  EXPECT_EQ(r->web_root, "/srv/lookout");
  EXPECT_EQ(r->clock_speed, 60.0);
  EXPECT_EQ(r->store, "postgresql://lookout@db/lookout");
  EXPECT_TRUE(r->assets[0].marking.releasable_to.empty());
  EXPECT_EQ(r->inputs[0].kind, InputKind::kTcpClient);
  EXPECT_EQ(r->inputs[0].format, InputFormat::kNmea);
  EXPECT_EQ(r->inputs[0].marking.releasable_to, (std::vector<std::string>{"JEF", "USA"}));
  EXPECT_EQ(r->inputs[1].speed, 0.0);
  EXPECT_FALSE(r->inputs[1].rebase);
  EXPECT_FALSE(r->inputs[1].loop);
  EXPECT_EQ(r->tokens[0].sha256, "8023a526e7d30b8f175c32b8b8761134da69d114cf93ef45ff65c09b40197c8b");
  EXPECT_TRUE(fs::exists(r->air_sensors));
}

TEST(NodeConfig, RelativeStorePathIsBesideTheConfig) {
  std::string error;
  auto r = parse("[store]\npath = \"db/history.db\"\n", error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_EQ(r->store, (kExamples / "db" / "history.db").string());
}

TEST(NodeConfig, ReadsTheConnectionLimits) {
  std::string error;
  auto defaults = parse("", error);
  ASSERT_TRUE(defaults.ok()) << error;
  EXPECT_EQ(defaults->max_connections, 1024u);
  EXPECT_EQ(defaults->max_connections_per_address, 64u);
  EXPECT_EQ(defaults->header_timeout_ms, 5000u);
  auto r = parse("[node]\nmax_connections = 2000\nmax_connections_per_address = 16\nheader_timeout_ms = 2500\n", error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_EQ(r->max_connections, 2000u);
  EXPECT_EQ(r->max_connections_per_address, 16u);
  EXPECT_EQ(r->header_timeout_ms, 2500u);
  EXPECT_NE(error_of("[node]\nmax_connections = 10\nmax_connections_per_address = 20\n")
                .find("max_connections_per_address: must not be above max_connections"),
            std::string::npos);
  EXPECT_NE(error_of("[node]\nheader_timeout_ms = 0\n").find("header_timeout_ms: must be from 100"), std::string::npos);
}

TEST(NodeConfig, RefusesBadTomlWithItsLine) {
  EXPECT_EQ(error_of("[node]\nname = \"x\"\nlisten = \n").rfind("test.toml:3:", 0), 0u);
  EXPECT_NE(error_of("[node]\nname = \"x\"\nlisten = \n").find("not valid TOML"), std::string::npos);
}

TEST(NodeConfig, RefusesUnknownKeysEverywhere) {
  EXPECT_EQ(error_of("[nodes]\nname = \"x\"\n").rfind("test.toml:1: unknown key 'nodes'", 0), 0u);
  EXPECT_EQ(error_of("[node]\nnmae = \"x\"\n").rfind("test.toml:2: [node]: unknown key 'nmae'", 0), 0u);
  EXPECT_NE(error_of("[clock]\nrate = 2\n").find("[clock]: unknown key 'rate'"), std::string::npos);
  EXPECT_NE(error_of("[store]\nfile = \"x\"\n").find("[store]: unknown key 'file'"), std::string::npos);
  EXPECT_NE(error_of("[air]\nsensor = \"x\"\n").find("[air]: unknown key 'sensor'"), std::string::npos);
  EXPECT_NE(error_of("[[assets]]\nfile = \"" + kAssets + "\"\nowner = \"DNK\"\nreleaseable_to = []\n")
                .find("test.toml:4: [[assets]] #1: unknown key 'releaseable_to'"),
            std::string::npos);
  EXPECT_NE(error_of("[[watchlist]]\npath = \"x\"\n").find("[[watchlist]] #1: unknown key 'path'"),
            std::string::npos);
  std::string typo = std::string(kInput) + "adress = \"x\"\n";
  EXPECT_NE(error_of(typo).find("test.toml:7: [[input]] #1 'in': unknown key 'adress'"), std::string::npos)
      << error_of(typo);
  EXPECT_NE(error_of("[[token]]\nname = \"a\"\nhash = \"x\"\n").find("[[token]] #1: unknown key 'hash'"),
            std::string::npos);
}

TEST(NodeConfig, RefusesWrongTypesAndShapes) {
  EXPECT_NE(error_of("[node]\nname = 5\n").find("test.toml:2: [node]: name: must be a string"),
            std::string::npos);
  EXPECT_NE(error_of("[node]\nname = \"\"\n").find("name: must not be empty"), std::string::npos);
  EXPECT_NE(error_of("[node]\nname = \"a\\u0007b\"\n").find("control characters"), std::string::npos);
  EXPECT_NE(error_of("node = 3\n").find("node: must be a table [node]"), std::string::npos);
  EXPECT_NE(error_of("[assets]\nfile = \"x\"\n").find("assets: must be written [[assets]]"),
            std::string::npos);
  EXPECT_NE(error_of("[clock]\nspeed = \"fast\"\n").find("speed: must be a number"), std::string::npos);
  EXPECT_NE(error_of("[clock]\nspeed = 0\n").find("speed: must be above 0"), std::string::npos);
  EXPECT_NE(error_of("[clock]\nspeed = nan\n").find("speed: must be a finite number"), std::string::npos);
  EXPECT_NE(error_of(std::string(kInput) + "releasable_to = \"JEF\"\n").find("releasable_to: must be an array of strings"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kInput) + "releasable_to = [1]\n").find("releasable_to: must be an array of strings"),
            std::string::npos);
}

TEST(NodeConfig, RefusesBadAddresses) {
  EXPECT_NE(error_of("[node]\nlisten = \"localhost:8080\"\n").find("listen: 'localhost:8080': a bind address must be an IP address"),
            std::string::npos);
  EXPECT_NE(error_of("[node]\nlisten = \"127.0.0.1\"\n").find("listen: '127.0.0.1': expected host:port"),
            std::string::npos);
  auto input = [](const std::string& kind, const std::string& address) {
    return "[[input]]\nname = \"x\"\nkind = \"" + kind + "\"\naddress = \"" + address + "\"\nowner = \"DNK\"\n";
  };
  EXPECT_NE(error_of(input("udp", "0.0.0.0:70000")).find("test.toml:4: [[input]] #1 'x': address: '0.0.0.0:70000': the port must be"),
            std::string::npos);
  EXPECT_NE(error_of(input("tcp_server", "ais.example.org:10110")).find("must be an IP address"),
            std::string::npos);
  EXPECT_NE(error_of(input("tcp_client", "127.0.0.1:0")).find("port 0 cannot be connected to"),
            std::string::npos);
  EXPECT_NE(error_of(input("tcp_client", "bad_host:5631")).find("the host must be"), std::string::npos);
  std::string error;
  EXPECT_TRUE(parse(input("tcp_client", "ais.example.org:5631"), error).ok()) << error;
  EXPECT_TRUE(parse(input("tcp_server", "0.0.0.0:0"), error).ok()) << error;
  EXPECT_TRUE(parse(input("udp", "[::]:10111"), error).ok()) << error;
}

TEST(NodeConfig, RefusesBadInputs) {
  auto base = [](const std::string& extra) {
    return "[[input]]\nname = \"x\"\nowner = \"DNK\"\n" + extra;
  };
  EXPECT_NE(error_of(base("address = \"127.0.0.1:1\"\n")).find("kind: missing (required)"), std::string::npos);
  EXPECT_NE(error_of(base("kind = \"serial\"\n")).find("kind: 'serial' is not one of tcp_client, tcp_server, udp, file"),
            std::string::npos);
  EXPECT_NE(error_of(base("kind = \"udp\"\n")).find("address: missing (required)"), std::string::npos);
  EXPECT_NE(error_of(base("kind = \"file\"\n")).find("path: missing (required)"), std::string::npos);
  EXPECT_NE(error_of(base("kind = \"file\"\npath = \"no/such/file.nmea\"\n")).find("does not exist"),
            std::string::npos);
  EXPECT_NE(error_of(base("kind = \"file\"\npath = \"../data\"\n")).find("is not a file"), std::string::npos);
  std::string file = "kind = \"file\"\npath = \"../data/ais/pyais_aegean_sample.nmea\"\n";
  EXPECT_NE(error_of(base(file + "address = \"127.0.0.1:1\"\n")).find("address: only for network inputs"),
            std::string::npos);
  EXPECT_NE(error_of(base(file + "speed = -1\n")).find("speed: must be 0"), std::string::npos);
  EXPECT_NE(error_of(base(file + "loop = true\nrebase = false\n")).find("loop: loop = true needs rebase = true"),
            std::string::npos);
  EXPECT_NE(error_of(base(file + "rebase = \"yes\"\n")).find("rebase: must be true or false"), std::string::npos);
  EXPECT_NE(error_of(base(file + "format = \"detections_jsonl\"\n")).find("format: 'detections_jsonl' is not an input format"),
            std::string::npos);
  std::string udp = "kind = \"udp\"\naddress = \"127.0.0.1:1\"\n";
  EXPECT_NE(error_of(base(udp + "loop = true\n")).find("loop: only for kind = \"file\""), std::string::npos);
  EXPECT_NE(error_of(base(udp + "max_clients = 5\n")).find("max_clients: only for kind = \"tcp_server\""),
            std::string::npos);
  std::string server = "kind = \"tcp_server\"\naddress = \"127.0.0.1:1\"\n";
  EXPECT_NE(error_of(base(server + "max_clients = 0\n")).find("max_clients: must be from 1 to 10000"),
            std::string::npos);
  EXPECT_NE(error_of(base(server + "max_clients = 1.5\n")).find("max_clients: must be an integer"),
            std::string::npos);
  EXPECT_NE(error_of("[[input]]\nname = \"has space\"\nkind = \"udp\"\naddress = \"127.0.0.1:1\"\nowner = \"DNK\"\n")
                .find("name: 'has space': use 1-64 letters"),
            std::string::npos);
  EXPECT_NE(error_of("[[input]]\nkind = \"udp\"\n").find("[[input]] #1: name: missing (required)"),
            std::string::npos);
}

TEST(NodeConfig, RefusesDuplicateInputNames) {
  std::string error = error_of(std::string(kInput) + kInput);
  EXPECT_NE(error.find("test.toml:9: [[input]] #2 'in': name: 'in' is used by another input"), std::string::npos)
      << error;
}

TEST(NodeConfig, ChecksMarkings) {
  EXPECT_NE(error_of("[[input]]\nname = \"x\"\nkind = \"udp\"\naddress = \"127.0.0.1:1\"\n").find("owner: missing (required)"),
            std::string::npos);
  std::string bad_owner = error_of("[[input]]\nname = \"x\"\nkind = \"udp\"\naddress = \"127.0.0.1:1\"\nowner = \"DK\"\n");
  EXPECT_NE(bad_owner.find("test.toml:5: [[input]] #1 'x': owner: "), std::string::npos) << bad_owner;
  EXPECT_NE(bad_owner.find("'DK'"), std::string::npos) << bad_owner;
  std::string bad_group = error_of(std::string(kInput) + "releasable_to = [\"JEFF\"]\n");
  EXPECT_NE(bad_group.find("releasable_to: "), std::string::npos) << bad_group;
  EXPECT_NE(bad_group.find("JEFF"), std::string::npos) << bad_group;
  std::string asset = error_of("[[assets]]\nfile = \"" + kAssets + "\"\nowner = \"XXX\"\n");
  EXPECT_NE(asset.find("[[assets]] #1: owner: "), std::string::npos) << asset;
  EXPECT_NE(error_of("[[assets]]\nowner = \"DNK\"\n").find("file: missing (required)"), std::string::npos);
}

TEST(NodeConfig, ChecksTokens) {
  auto token = [](const std::string& name, const std::string& hash, const std::string& nation,
                  const std::string& role) {
    return "[[token]]\nname = \"" + name + "\"\nsha256 = \"" + hash + "\"\nnation = \"" + nation +
           "\"\nrole = \"" + role + "\"\n";
  };
  std::string h1(64, 'a'), h2(64, 'b');
  std::string error;
  EXPECT_TRUE(parse(token("a", h1, "DNK", "viewer") + token("b", h2, "FIN", "admin"), error).ok()) << error;
  EXPECT_NE(error_of(token("a", std::string(63, 'a'), "DNK", "viewer")).find("sha256: must be 64 hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(token("a", std::string(63, 'a') + "g", "DNK", "viewer")).find("sha256: must be 64 hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(token("a", h1, "DK", "viewer")).find("nation: 'DK' is not an ISO 3166-1 alpha-3 code"),
            std::string::npos);
  EXPECT_NE(error_of(token("a", h1, "NATO", "viewer")).find("nation: 'NATO' is not"), std::string::npos);
  EXPECT_NE(error_of(token("a", h1, "DNK", "root")).find("role: 'root' is not one of viewer, operator, admin"),
            std::string::npos);
  EXPECT_NE(error_of(token("a", h1, "DNK", "viewer") + token("a", h2, "DNK", "viewer"))
                .find("[[token]] #2: name: 'a' is used by another token"),
            std::string::npos);
  EXPECT_NE(error_of(token("a", h1, "DNK", "viewer") + token("b", h1, "DNK", "viewer"))
                .find("[[token]] #2: sha256: the same hash is given for another token"),
            std::string::npos);
  EXPECT_NE(error_of("[[token]]\nname = \"a\"\n").find("sha256: missing (required)"), std::string::npos);
}

TEST(NodeConfig, ChecksFilesExist) {
  EXPECT_NE(error_of("[[watchlist]]\nfile = \"nope.csv\"\n").find("[[watchlist]] #1: file: '"),
            std::string::npos);
  EXPECT_NE(error_of("[air]\nsensors = \"nope.json\"\n").find("does not exist"), std::string::npos);
}

TEST(NodeConfig, LoadConfigNamesAFileThatCannotBeRead) {
  std::string error;
  auto r = load_config("/nonexistent/lookout.toml", error);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIoError);
  EXPECT_EQ(error, "/nonexistent/lookout.toml: cannot be read");
}

TEST(NodeConfig, LoadConfigResolvesAgainstTheFilesFolder) {
  fs::path dir = fs::temp_directory_path() / ("lookout_config_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "feeds");
  { std::ofstream(dir / "feeds" / "a.nmea") << "!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C\n"; }
  { std::ofstream(dir / "node.toml") << "[[input]]\nname = \"a\"\nkind = \"file\"\npath = \"feeds/a.nmea\"\nowner = \"NOR\"\n"; }
  std::string error;
  auto r = load_config((dir / "node.toml").string(), error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_EQ(r->inputs[0].path, (dir / "feeds" / "a.nmea").string());
  EXPECT_EQ(r->store, (dir / "lookout.db").string());
  fs::remove_all(dir);
}

TEST(NodeConfig, ReadsTlsFilesBesideTheConfig) {
  fs::path dir = fs::temp_directory_path() / ("lookout_config_tls_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "tls");
  { std::ofstream(dir / "tls" / "fullchain.pem") << "-----BEGIN CERTIFICATE-----\n"; }
  { std::ofstream(dir / "tls" / "key.pem") << "-----BEGIN PRIVATE KEY-----\n"; }
  auto write_config = [&](const std::string& node) { std::ofstream(dir / "node.toml") << "[node]\n" << node; };
  std::string error;
  write_config("tls_cert = \"tls/fullchain.pem\"\ntls_key = \"tls/key.pem\"\ntls_min_version = \"1.3\"\n");
  auto r = load_config((dir / "node.toml").string(), error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_EQ(r->tls_cert, (dir / "tls" / "fullchain.pem").string());
  EXPECT_EQ(r->tls_key, (dir / "tls" / "key.pem").string());
  EXPECT_EQ(r->tls_min_version, server::TlsMinVersion::kTls13);

  write_config("tls_cert = \"tls/fullchain.pem\"\n");
  EXPECT_FALSE(load_config((dir / "node.toml").string(), error).ok());
  EXPECT_NE(error.find("node.toml:2: [node]: tls_cert: needs tls_key too"), std::string::npos) << error;
  write_config("tls_key = \"tls/key.pem\"\n");
  EXPECT_FALSE(load_config((dir / "node.toml").string(), error).ok());
  EXPECT_NE(error.find("[node]: tls_key: needs tls_cert too"), std::string::npos) << error;
  write_config("tls_cert = \"tls/fullchain.pem\"\ntls_key = \"tls/nokey.pem\"\n");
  EXPECT_FALSE(load_config((dir / "node.toml").string(), error).ok());
  EXPECT_NE(error.find("node.toml:3: [node]: tls_key: '" + (dir / "tls" / "nokey.pem").string() + "' does not exist"),
            std::string::npos)
      << error;
  write_config("tls_cert = \"tls/fullchain.pem\"\ntls_key = \"tls/key.pem\"\ntls_min_version = \"1.1\"\n");
  EXPECT_FALSE(load_config((dir / "node.toml").string(), error).ok());
  EXPECT_NE(error.find("tls_min_version: '1.1' is not \"1.2\" or \"1.3\""), std::string::npos) << error;
  write_config("tls_min_version = \"1.3\"\n");
  EXPECT_FALSE(load_config((dir / "node.toml").string(), error).ok());
  EXPECT_NE(error.find("tls_min_version: only with tls_cert and tls_key"), std::string::npos) << error;
  fs::remove_all(dir);
}

TEST(NodeConfig, WithoutTlsKeysServesPlainHttp) {
  std::string error;
  auto r = parse("[node]\nlisten = \"127.0.0.1:8443\"\n", error);
  ASSERT_TRUE(r.ok()) << error;
  EXPECT_TRUE(r->tls_cert.empty());
  EXPECT_TRUE(r->tls_key.empty());
  EXPECT_EQ(r->tls_min_version, server::TlsMinVersion::kTls12);
}

}  // namespace
}  // namespace lookout::node

namespace lookout::node {
namespace {

TEST(NodeConfig, ReadsAirInputs) {
  std::string error;
  auto c = parse_config(R"(
[[input]]
name = "c-uas"
kind = "sapient"
address = "127.0.0.1:0"
max_clients = 8
owner = "DNK"
[[input]]
name = "rf"
kind = "detections_udp"
address = "127.0.0.1:0"
owner = "DNK"
)", "air.toml", ".", error);
  ASSERT_TRUE(c.ok()) << error;
  ASSERT_EQ(c->inputs.size(), 2u);
  EXPECT_EQ(c->inputs[0].kind, InputKind::kSapient);
  EXPECT_EQ(c->inputs[0].max_clients, 8u);
  EXPECT_TRUE(is_air_input(c->inputs[1].kind));
  EXPECT_STREQ(to_string(InputKind::kDetectionsUdp), "detections_udp");
  auto bad = parse_config("[[input]]\nname = \"rf\"\nkind = \"detections_udp\"\naddress = \"127.0.0.1:0\"\nformat = \"nmea\"\nowner = \"DNK\"\n",
                          "air.toml", ".", error);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(error.find("format"), std::string::npos) << error;
}

TEST(NodeConfig, ReadsAnAdsbInputAndRefusesItOnOtherKinds) {
  std::string error;
  auto c = parse_config(R"(
[[input]]
name = "readsb"
kind = "tcp_client"
address = "127.0.0.1:30003"
format = "sbs"
utc_offset_minutes = 60
owner = "DNK"
)", "adsb.toml", ".", error);
  ASSERT_TRUE(c.ok()) << error;
  EXPECT_EQ(c->inputs[0].format, InputFormat::kSbs);
  EXPECT_EQ(c->inputs[0].utc_offset_minutes, 60);
  EXPECT_TRUE(feeds_air_picture(c->inputs[0]));
  EXPECT_FALSE(is_air_input(c->inputs[0].kind));
  auto udp = parse_config("[[input]]\nname = \"a\"\nkind = \"udp\"\naddress = \"127.0.0.1:0\"\nformat = \"sbs\"\nowner = \"DNK\"\n",
                          "adsb.toml", ".", error);
  EXPECT_FALSE(udp.ok());
  EXPECT_NE(error.find("tcp_client"), std::string::npos) << error;
  auto offset = parse_config("[[input]]\nname = \"a\"\nkind = \"tcp_client\"\naddress = \"127.0.0.1:1\"\nutc_offset_minutes = 60\nowner = \"DNK\"\n",
                             "adsb.toml", ".", error);
  EXPECT_FALSE(offset.ok());
  EXPECT_NE(error.find("utc_offset_minutes"), std::string::npos) << error;
}

}  // namespace
}  // namespace lookout::node
