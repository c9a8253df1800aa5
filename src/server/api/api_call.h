// Api::Call: one request as the routes see it. Shared by api.cc and the
// route files beside it (joint_routes.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api/api.h"

namespace lookout::server {

struct Api::Call {
  const Request& req;
  std::optional<Principal> who;
  std::string route;  // "GET /api/vessels/{mmsi}" - the audit log's action
  std::vector<std::string_view> seg;
};

}  // namespace lookout::server
