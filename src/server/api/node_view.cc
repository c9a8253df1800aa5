#include "server/api/node_view.h"

#include "store/store.h"

namespace lookout::server {

NodeView::StoreQueued NodeView::read_store(const std::string& /*caller*/, StoreJob job) {
  sync_store();  // a node without a reader thread reads its own connection, now
  auto then = job(store());
  if (then) then();
  return StoreQueued::kYes;
}

Status NodeView::ack_alert(std::string_view id, std::string_view principal, std::string_view nation,
                           std::string_view comment, int64_t time_ms) {
  return store().ack_alert(id, principal, nation, comment, time_ms);
}

}  // namespace lookout::server
