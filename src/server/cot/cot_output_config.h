// One `[[output]] kind = "cot"` of the node configuration (see
// docs/cot-output.md and app/node/config.h, which parses it).
#pragma once

#include <cstdint>
#include <string>

namespace lookout::server::cot {

enum class CotTransport : uint8_t {
  kTcp,  ///< Plain TCP, events back to back (TAK Server's streaming input, 8087).
  kTls,  ///< TLS with a client certificate (TAK Server's 8089).
  kUdp,  ///< One event a datagram: SA multicast (239.2.3.1:6969) or unicast.
};

// "tcp", "tls", "udp".
const char* to_string(CotTransport t) noexcept;

struct CotOutputConfig {
  std::string name;                        ///< Unique among outputs; labels its metrics.
  CotTransport transport = CotTransport::kTcp;
  std::string address;                     ///< host:port to connect or send to.
  std::string ca_file;                     ///< tls: the CA that signed the server's certificate (PEM).
  std::string cert_file;                   ///< tls: our client certificate (PEM).
  std::string key_file;                    ///< tls: its private key (PEM, unencrypted).
  std::string nation;                      ///< Only what is releasable to this nation is sent.
  double max_events_per_second = 20;       ///< The output's rate limit (a token bucket).
  uint32_t burst = 0;                      ///< The bucket's size; 0 = one second's worth.
  bool vessels = true;                     ///< Send vessels.
  bool air = true;                         ///< Send air tracks.
  uint32_t multicast_ttl = 1;              ///< udp to a multicast group: hops (1 = this link).
  std::string multicast_interface;         ///< udp to an IPv4 group: the local address to send from; empty = the kernel's choice.
};

}  // namespace lookout::server::cot
