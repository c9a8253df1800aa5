// Helpers of the live node's tests (tests/node/*_test.cc) that build a
// NodeConfig: a viewer per nation with a fresh token.
#pragma once

#include <string>

#include "app/node/config.h"
#include "server/api/auth.h"

namespace lookout::node_test {

// Adds a viewer token of `nation` named `name` to the config (its SHA-256, as
// a config file holds it) and returns the token for the test's requests.
inline std::string add_viewer(node::NodeConfig& c, const std::string& name, const std::string& nation) {
  std::string token = server::new_token();
  c.tokens.push_back({name, server::to_hex(server::sha256(token)), nation, server::Role::kViewer});
  return token;
}

}  // namespace lookout::node_test
