// A node's CoT outputs end to end (issue 18, item 1): TAK-side receivers on
// loopback - a TCP server, a TLS server that demands a client certificate
// (the CA, the server's and the node's certificates made here with the
// openssl command), and UDP SA to the multicast group on the loopback
// interface (unicast where the kernel will not loop multicast back) -
// receive the stream of a node fed a short replay and see its picture, each
// output only what is released to its nation.
//
// The node has two partitions: a DNK-only feed (vessel kDnkOnly) and a
// Swedish feed released to JEF (vessel kJef); both vessels are watch-listed,
// so each raises a watchlist alert of its partition's marking. The TCP
// output is Denmark's, the TLS output Britain's, the UDP output Norway's.
#include <gtest/gtest.h>

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "app/node/node.h"
#include "tests/cot/cot_test_support.h"
#include "tests/cot/tak_receiver_support.h"
#include "tests/node/leak_support.h"

namespace lookout::node {
namespace {

namespace fs = std::filesystem;
using namespace lookout::cot_testing;

constexpr uint32_t kDnkOnly = 219000777;
constexpr uint32_t kJef = 265000888;

// The test's PKI, made with the openssl command: a CA, the TAK server's
// certificate for 127.0.0.1, the node's client certificate, and a second CA
// that signed nothing the server shows.
bool make_pki(const fs::path& dir, std::string& error) {
  const std::string d = dir.string();
  const std::string cmd =
      "cd '" + d + "' && ( printf 'subjectAltName=IP:127.0.0.1\\n' > server.ext && "
      "printf 'extendedKeyUsage=clientAuth\\n' > client.ext && "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 "
      "-subj /CN=lookout-test-ca && "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other-ca.key -out other-ca.pem "
      "-days 2 -subj /CN=lookout-other-ca && "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr "
      "-subj /CN=tak-server && "
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
      "-extfile server.ext && "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr "
      "-subj /CN=lookout-cot-test && "
      "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 "
      "-extfile client.ext )";
  if (std::system((cmd + " > openssl.log 2>&1").c_str()) != 0) {
    std::ifstream log(dir / "openssl.log");
    error.assign(std::istreambuf_iterator<char>(log), {});
    return false;
  }
  return true;
}

class CotNode : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = leak::fresh_test_dir("lookout-cot");
    std::string error;
    ASSERT_TRUE(make_pki(dir_, error)) << "openssl: " << error;
    // The TAK server's TLS: its certificate, and clients must show one
    // signed by the test CA.
    tls_.emplace(boost::asio::ssl::context::tls_server);
    tls_->use_certificate_chain_file((dir_ / "server.pem").string());
    tls_->use_private_key_file((dir_ / "server.key").string(), boost::asio::ssl::context::pem);
    tls_->load_verify_file((dir_ / "ca.pem").string());
    tls_->set_verify_mode(boost::asio::ssl::verify_peer | boost::asio::ssl::verify_fail_if_no_peer_cert);
    tcp_ = std::make_unique<TakReceiver>(io_, nullptr);
    tls_rx_ = std::make_unique<TakReceiver>(io_, &*tls_);
    udp_ = std::make_unique<UdpTakReceiver>(io_, "239.2.3.1");
    if (udp_->join_error || !multicast_loops_back()) {
      std::printf("[ note ] multicast on loopback unavailable here (%s): the UDP output sends unicast to 127.0.0.1\n",
                  udp_->join_error ? udp_->join_error.message().c_str() : "no datagram came back");
      udp_ = std::make_unique<UdpTakReceiver>(io_, "");
      udp_address_ = "127.0.0.1:" + std::to_string(udp_->port());
    } else {
      udp_address_ = "239.2.3.1:" + std::to_string(udp_->port());
    }

    std::ofstream(dir_ / "watch.csv") << "imo,mmsi,name,reason\n,219000777,,test\n,265000888,,test\n";
    NodeConfig c;
    c.name = "dk1";
    c.nation = "DNK";
    c.listen = "127.0.0.1:0";
    c.store = (dir_ / "history.db").string();
    c.watchlists.push_back({(dir_ / "watch.csv").string()});
    InputConfig dnk;
    dnk.name = "dnk-feed";
    dnk.kind = InputKind::kUdp;
    dnk.address = "127.0.0.1:0";
    dnk.marking = {"DNK", {}};
    InputConfig swe = dnk;
    swe.name = "swe-feed";
    swe.marking = {"SWE", {"JEF"}};
    c.inputs = {dnk, swe};
    server::cot::CotOutputConfig tcp;
    tcp.name = "tak-tcp";
    tcp.transport = server::cot::CotTransport::kTcp;
    tcp.address = "127.0.0.1:" + std::to_string(tcp_->port());
    tcp.nation = "DNK";
    server::cot::CotOutputConfig tls = tcp;
    tls.name = "tak-tls";
    tls.transport = server::cot::CotTransport::kTls;
    tls.address = "127.0.0.1:" + std::to_string(tls_rx_->port());
    tls.nation = "GBR";
    tls.ca_file = (dir_ / "ca.pem").string();
    tls.cert_file = (dir_ / "client.pem").string();
    tls.key_file = (dir_ / "client.key").string();
    server::cot::CotOutputConfig bad_ca = tls;  // trusts a CA that did not sign the server
    bad_ca.name = "tak-bad-ca";
    bad_ca.ca_file = (dir_ / "other-ca.pem").string();
    server::cot::CotOutputConfig udp = tcp;
    udp.name = "tak-sa";
    udp.transport = server::cot::CotTransport::kUdp;
    udp.address = udp_address_;
    udp.nation = "NOR";
    udp.multicast_interface = "127.0.0.1";
    c.outputs = {tcp, tls, bad_ca, udp};
    node_ = std::make_unique<Node>(c, io_);
    ASSERT_TRUE(node_->open(error)) << error;
    ASSERT_TRUE(node_->start(error)) << error;
  }

  void TearDown() override {
    if (node_) node_->stop();
    node_.reset();
    io_.poll();
    fs::remove_all(dir_);
  }

  // One datagram to the group and back, within a bound.
  bool multicast_loops_back() {
    boost::asio::ip::udp::socket s(io_);
    boost::system::error_code ec;
    s.open(boost::asio::ip::udp::v4(), ec);
    s.set_option(boost::asio::ip::multicast::outbound_interface(boost::asio::ip::make_address_v4("127.0.0.1")), ec);
    s.set_option(boost::asio::ip::multicast::enable_loopback(true), ec);
    const std::string probe = "<probe/>";
    s.send_to(boost::asio::buffer(probe),
              boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("239.2.3.1"), udp_->port()), 0, ec);
    if (ec) return false;
    const bool back = run_until([&] { return udp_->datagrams > 0; }, std::chrono::milliseconds(500));
    udp_->datagrams = 0;
    udp_->bytes.clear();
    udp_->seen = {};
    return back;
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds bound = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    io_.restart();
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.run_one_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  // The short replay: both vessels' static data and a few positions, at
  // the node's now (a 2024 time would be expired by the node's clock).
  void replay() {
    const int64_t t0 = to_unix_ms(node_->now());
    node_->ingest(0, static_data(kDnkOnly, t0, "DANSK <HEMMELIG>"));
    node_->ingest(1, static_data(kJef, t0, "SVENSKA & CO"));
    for (int i = 0; i < 3; ++i) {
      node_->ingest(0, position(kDnkOnly, t0 + i * 1000, 55.6, 12.60 + i * 0.0001, 8));
      node_->ingest(1, position(kJef, t0 + i * 1000, 57.7, 11.80 + i * 0.0001, 12));
    }
  }

  static bool has(const SeenEvents& s, const std::string& uid, std::string_view type) {
    auto it = s.picture.find(uid);
    return it != s.picture.end() && it->second.type == type;
  }

  std::string metrics() {
    std::string out;
    node_->write_metrics(out, server::Principal{"admin", "DNK", server::Role::kAdmin});
    return out;
  }

  fs::path dir_;
  boost::asio::io_context io_;
  std::optional<boost::asio::ssl::context> tls_;
  std::unique_ptr<TakReceiver> tcp_, tls_rx_;
  std::unique_ptr<UdpTakReceiver> udp_;
  std::string udp_address_;
  std::unique_ptr<Node> node_;
};

const std::string kDnkVessel = "lookout.dk1.vessel.219000777";
const std::string kJefVessel = "lookout.dk1.vessel.265000888";

TEST_F(CotNode, EachTakReceiverSeesThePictureReleasedToItsNation) {
  replay();
  // Denmark (TCP) sees both vessels, hostile (watch-listed), and both alerts.
  auto dnk_done = [&] {
    const auto& s = tcp_->seen;
    int alerts = 0;
    for (const auto& [uid, e] : s.picture) alerts += e.type == "b-a-g" ? 1 : 0;
    return has(s, kDnkVessel, "a-h-S-X-M") && has(s, kJefVessel, "a-h-S-X-M") && alerts == 2;
  };
  auto allied_done = [&](const SeenEvents& s) {
    int alerts = 0;
    for (const auto& [uid, e] : s.picture) alerts += e.type == "b-a-g" ? 1 : 0;
    return has(s, kJefVessel, "a-h-S-X-M") && alerts == 1;
  };
  ASSERT_TRUE(run_until([&] { return dnk_done() && allied_done(tls_rx_->seen) && allied_done(udp_->seen); }))
      << "tcp " << tcp_->seen.events.size() << " tls " << tls_rx_->seen.events.size() << " udp "
      << udp_->seen.events.size() << "\n" << metrics();
  // Every event parsed; the Danish vessel's name was escaped on the way.
  EXPECT_EQ(tcp_->seen.parse_errors + tls_rx_->seen.parse_errors + udp_->seen.parse_errors, 0);
  EXPECT_EQ(tcp_->seen.picture.at(kDnkVessel).callsign, "DANSK <HEMMELIG>");
  EXPECT_EQ(tls_rx_->seen.picture.at(kJefVessel).callsign, "SVENSKA & CO");
  EXPECT_EQ(tls_rx_->seen.picture.at(kJefVessel).how, "m-r");
  // Britain and Norway never get a byte of the Danish-only vessel or its alert.
  for (const std::string* bytes : {&tls_rx_->bytes, &udp_->bytes}) {
    EXPECT_EQ(bytes->find("219000777"), std::string::npos);
    EXPECT_EQ(bytes->find("HEMMELIG"), std::string::npos);
  }
  EXPECT_EQ(tls_rx_->connections, 1);
  // The output whose CA did not sign the server never connects, and says so.
  const std::string m = metrics();
  EXPECT_NE(m.find("lookout_cot_output_connected{output=\"tak-tls\",transport=\"tls\",nation=\"GBR\"} 1"),
            std::string::npos) << m;
  EXPECT_NE(m.find("lookout_cot_output_connected{output=\"tak-bad-ca\",transport=\"tls\",nation=\"GBR\"} 0"),
            std::string::npos) << m;
  EXPECT_NE(m.find("lookout_cot_output_errors_total{output=\"tak-bad-ca\",transport=\"tls\",nation=\"GBR\",reason=\"tls\"}"),
            std::string::npos) << m;
  EXPECT_GE(tls_rx_->handshake_failures, 1);
  // A British admin sees only the British outputs' series.
  std::string gbr;
  node_->write_metrics(gbr, server::Principal{"gbr-admin", "GBR", server::Role::kAdmin});
  EXPECT_EQ(gbr.find("tak-tcp"), std::string::npos);
  EXPECT_NE(gbr.find("tak-tls"), std::string::npos);
}

TEST_F(CotNode, AStreamThatDropsIsReconnectedAndGetsThePictureAgain) {
  replay();
  ASSERT_TRUE(run_until([&] { return has(tcp_->seen, kJefVessel, "a-h-S-X-M"); }));
  tcp_->drop();
  // The output notices, backs off (half a second first) and connects again;
  // the whole picture goes out on the new connection.
  ASSERT_TRUE(run_until([&] {
    bool again = false;
    for (std::size_t i = 0; i < tcp_->seen.events.size(); ++i) {
      again = again || (tcp_->event_connection[i] == 2 && tcp_->seen.events[i].uid == kDnkVessel);
    }
    return tcp_->connections == 2 && again;
  })) << metrics();
  const std::string m = metrics();
  EXPECT_NE(m.find("lookout_cot_output_connects_total{output=\"tak-tcp\",transport=\"tcp\",nation=\"DNK\"} 2"),
            std::string::npos) << m;
  EXPECT_NE(m.find("lookout_cot_output_errors_total{output=\"tak-tcp\",transport=\"tcp\",nation=\"DNK\",reason=\"closed\"} 1"),
            std::string::npos) << m;
}

}  // namespace
}  // namespace lookout::node
