// Test only: the Remote ID payloads of a pcap or pcapng capture, as a
// receiver would hand them to decode_payload.
//
// Enough of each format for the shared captures (../shared/data/remote_id):
//  - pcap (little-endian, microseconds) of 802.11 with radiotap: Wi-Fi
//    Beacons whose vendor-specific element (0xDD) has OUI FA:0B:BC, type
//    0x0D; and Wi-Fi NaN service discovery frames (public action, vendor
//    specific, OUI 50:6F:9A type 0x13) whose Service Descriptor attribute
//    (0x03) has the Open Drone ID service id 88:69:19:9D:92:09.
//  - pcapng of the Nordic nRF BLE sniffer (link type 272, header version 3):
//    advertisements whose service data (AD type 0x16) has UUID 0xFFFA and
//    app code 0x0D. The Nordic header's CRC flag is kept.
// Each Open Drone ID container starts with a one-byte message counter, then
// the payload. The transmitter is the 802.11 source address or the BLE AdvA.
#pragma once

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace lookout::remote_id::testing {

enum class Transport { kWifiBeacon, kWifiNan, kBle };

struct Captured {
  int64_t time_us = 0;
  Transport transport = Transport::kWifiBeacon;
  std::string transmitter;      // "84:cc:a8:60:43:24"
  bool crc_ok = true;           // BLE: the sniffer's CRC flag
  uint8_t counter = 0;          // the container's message counter
  std::vector<uint8_t> payload;
};

namespace detail {

inline uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

inline std::string mac(const uint8_t* p, bool reversed) {
  char buf[18];
  const auto b = [&](int i) { return p[reversed ? 5 - i : i]; };
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", b(0), b(1), b(2), b(3), b(4), b(5));
  return buf;
}

// `data` of `n` bytes is counter + payload.
inline void add(std::vector<Captured>& out, int64_t t, Transport tr, std::string who, bool crc,
                const uint8_t* data, std::size_t n) {
  if (n < 2) return;
  Captured c;
  c.time_us = t;
  c.transport = tr;
  c.transmitter = std::move(who);
  c.crc_ok = crc;
  c.counter = data[0];
  c.payload.assign(data + 1, data + n);
  out.push_back(std::move(c));
}

inline void wifi(std::vector<Captured>& out, int64_t t, const uint8_t* p, std::size_t n) {
  if (n < 4) return;
  const std::size_t rt = p[2] | p[3] << 8;  // radiotap length
  if (rt + 24 > n) return;
  const uint8_t* f = p + rt;
  const std::size_t fn = n - rt;
  const std::string who = mac(f + 10, false);
  if (f[0] == 0x80 && fn >= 36) {  // beacon: 24 header + 12 fixed, then elements
    for (std::size_t i = 36; i + 2 <= fn;) {
      const std::size_t len = f[i + 1];
      if (i + 2 + len > fn) break;
      const uint8_t* e = f + i + 2;
      if (f[i] == 0xDD && len >= 5 && e[0] == 0xFA && e[1] == 0x0B && e[2] == 0xBC && e[3] == 0x0D) {
        add(out, t, Transport::kWifiBeacon, who, true, e + 4, len - 4);
      }
      i += 2 + len;
    }
  } else if (f[0] == 0xD0 && fn >= 30 && f[24] == 0x04 && f[25] == 0x09 && f[26] == 0x50 &&
             f[27] == 0x6F && f[28] == 0x9A && f[29] == 0x13) {  // NaN service discovery
    for (std::size_t i = 30; i + 3 <= fn;) {
      const std::size_t len = f[i + 1] | f[i + 2] << 8;
      if (i + 3 + len > fn) break;
      const uint8_t* a = f + i + 3;
      static constexpr uint8_t kOdid[] = {0x88, 0x69, 0x19, 0x9D, 0x92, 0x09};
      if (f[i] == 0x03 && len >= 10 && std::equal(kOdid, kOdid + 6, a) && (a[8] & 0x10) != 0) {
        const std::size_t info = a[9];
        if (10 + info <= len) add(out, t, Transport::kWifiNan, who, true, a + 10, info);
      }
      i += 3 + len;
    }
  }
}

inline void ble(std::vector<Captured>& out, int64_t t, const uint8_t* p, std::size_t n) {
  // board(1), header(6: length 2, version 1, counter 2, id 1), packet header
  // (10: length, flags, channel, rssi, event counter 2, delta 4), then the
  // access address (4), on the coded PHY a coding indicator (1), the PDU.
  if (n < 17 + 4 + 1 + 2 + 2 || p[3] != 3) return;
  const bool crc = (p[8] & 0x01) != 0;
  const bool coded = (p[8] & 0x70) == 0x20;
  std::size_t pdu = 17 + 4 + (coded ? 1 : 0);
  std::string who;
  std::size_t ad = pdu + 2;
  if ((p[pdu] & 0x0F) == 0x07) {  // extended advertising: extended header first
    const std::size_t ext = p[pdu + 2] & 0x3F;
    if (ext >= 7 && (p[pdu + 3] & 0x01) != 0 && pdu + 4 + 6 <= n) who = mac(p + pdu + 4, true);
    ad = pdu + 3 + ext;
  } else if (pdu + 8 <= n) {  // legacy: AdvA first
    who = mac(p + pdu + 2, true);
    ad = pdu + 8;
  }
  const std::size_t end = n >= 3 ? n - 3 : 0;  // the BLE CRC
  while (ad + 2 <= end) {
    const std::size_t len = p[ad];
    if (len == 0 || ad + 1 + len > end) break;
    const uint8_t* d = p + ad + 1;
    if (d[0] == 0x16 && len >= 5 && d[1] == 0xFA && d[2] == 0xFF && d[3] == 0x0D) {
      add(out, t, Transport::kBle, who, crc, d + 4, len - 4);
    }
    ad += 1 + len;
  }
}

}  // namespace detail

inline std::vector<Captured> read_capture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Captured> out;
  if (d.size() < 24) return out;
  const uint8_t* p = d.data();
  if (detail::le32(p) == 0xA1B2C3D4) {  // pcap
    for (std::size_t off = 24; off + 16 <= d.size();) {
      const int64_t t = int64_t{detail::le32(p + off)} * 1000000 + detail::le32(p + off + 4);
      const std::size_t incl = detail::le32(p + off + 8);
      off += 16;
      if (off + incl > d.size()) break;
      detail::wifi(out, t, p + off, incl);
      off += incl;
    }
  } else if (detail::le32(p) == 0x0A0D0D0A) {  // pcapng, one interface, microseconds
    for (std::size_t off = 0; off + 12 <= d.size();) {
      const uint32_t type = detail::le32(p + off);
      const std::size_t len = detail::le32(p + off + 4);
      if (len < 12 || off + len > d.size()) break;
      if (type == 6 && len >= 32) {
        const uint8_t* b = p + off + 8;
        const int64_t t = int64_t{detail::le32(b + 4)} << 32 | detail::le32(b + 8);
        const std::size_t cap = detail::le32(b + 12);
        if (20 + cap <= len - 12) detail::ble(out, t, b + 20, cap);
      }
      off += len;
    }
  }
  return out;
}

}  // namespace lookout::remote_id::testing
