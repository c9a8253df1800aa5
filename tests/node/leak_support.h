// Helpers of the leak tests (tests/node/leak_*_test.cc,
// tests/property/release_property_test.cc): API requests without a socket,
// a WebSocket connection that keeps what it was sent, and a walk of a JSON
// answer for markings.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/marking.h"
#include "server/http/http.h"

namespace lookout::leak {

// An empty scratch folder for the running test: "<tmp>/<prefix>-<pid>-<test
// name>", emptied first (a crashed earlier run may have left one behind).
inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()) + "-" +
                                                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A request as the HTTP core hands it to the API (query parsed, bearer token).
inline server::Request make_request(std::string method, std::string target, const std::string& token,
                                    std::string body = {}) {
  server::Request r;
  r.method = std::move(method);
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string rest = target.substr(q + 1);
    std::size_t i = 0;
    while (i <= rest.size()) {
      std::size_t amp = rest.find('&', i);
      if (amp == std::string::npos) amp = rest.size();
      std::string kv = rest.substr(i, amp - i);
      auto eq = kv.find('=');
      if (!kv.empty()) r.query.emplace_back(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
      i = amp + 1;
    }
  }
  if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
  r.body = std::move(body);
  r.remote = "127.0.0.1:40000";
  return r;
}

// A live connection that keeps every message sent to it.
class CaptureConnection final : public server::LiveConnection {
 public:
  void send(std::shared_ptr<const std::string> text) override { sent.push_back(*text); }
  void send_urgent(std::shared_ptr<const std::string> text) override {
    sent.push_back(*text);
    ++urgent;
  }
  void close(uint16_t, std::string_view) override { closed = true; }
  std::size_t queued_bytes() const override { return 0; }
  std::vector<std::string> sent;
  std::size_t urgent = 0;  // how many came through send_urgent
  bool closed = false;
};

// Every "marking" object anywhere in `j` must be releasable to `nation`.
inline void expect_markings_releasable(const nlohmann::json& j, const std::string& nation, const std::string& where) {
  if (j.is_object()) {
    if (auto m = j.find("marking"); m != j.end() && m->is_object()) {
      Marking mk{(*m)["owner"].get<std::string>(), (*m)["releasable_to"].get<std::vector<std::string>>()};
      EXPECT_TRUE(releasable_to_nation(mk, nation)) << where << ": " << m->dump() << " shown to " << nation;
    }
    for (const auto& [k, v] : j.items()) expect_markings_releasable(v, nation, where);
  } else if (j.is_array()) {
    for (const auto& v : j) expect_markings_releasable(v, nation, where);
  }
}

// The alert objects of a live message (type alert or alerts), else none.
inline std::vector<nlohmann::json> live_alerts(const nlohmann::json& msg) {
  std::vector<nlohmann::json> out;
  if (msg.value("type", "") == "alert") out.push_back(msg["alert"]);
  if (msg.value("type", "") == "alerts") {
    for (const auto& a : msg["alerts"]) out.push_back(a);
  }
  return out;
}

}  // namespace lookout::leak
