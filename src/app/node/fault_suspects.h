// The node's answer to NodeView::fault_suspects: the cable-fault forensics
// (forensics/fault.h) run over a nation's view of the store
// (store/nation_view.h), so that only what the caller may see names or
// ranks a suspect. Runs on a store reader thread: it touches nothing of
// the node's but the asset index and the watch list, both read-only.
#pragma once

#include <string_view>

#include "core/status.h"
#include "server/api/node_view.h"

namespace lookout {
class AssetIndex;
namespace detect {
class Watchlist;
}
}  // namespace lookout

namespace lookout::node {

// `now_ms` bounds the read of each suspect's last stored position.
StatusOr<server::FaultAnswer> fault_suspects(store::Store& reader, const AssetIndex& assets,
                                             const detect::Watchlist* watchlist, const server::FaultQuery& query,
                                             std::string_view nation, int64_t now_ms);

}  // namespace lookout::node
