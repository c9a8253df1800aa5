// CotOutputs: the node's CoT outputs, each a CotPublisher (what to send to
// whom, when) over a CotNetSink (how). The node hands it the picture's
// changes and alerts and ticks it; /metrics reads its counters.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/cot/cot_output_config.h"
#include "server/cot/cot_publisher.h"
#include "server/cot/cot_sink.h"

namespace boost::asio {
class io_context;
}

namespace lookout::server {
class NodeView;
struct Principal;
}  // namespace lookout::server

namespace lookout::server::cot {

class CotOutputs {
 public:
  // Builds one output per config; `node` (open: its partitions built) and
  // `io` must outlive this.
  CotOutputs(const std::vector<CotOutputConfig>& configs, const NodeView& node, boost::asio::io_context& io,
             CotSinkParams params = {});
  ~CotOutputs();
  CotOutputs(const CotOutputs&) = delete;
  CotOutputs& operator=(const CotOutputs&) = delete;

  // Opens the sockets and loads the TLS files; false with `error` naming the
  // output and the file or address when one cannot.
  bool start(std::string& error);
  void stop();

  void vessel_changed(std::size_t partition, uint32_t mmsi);
  void alert(std::size_t partition, const alert::Alert& a);
  void tick();

  std::size_t size() const { return outputs_.size(); }
  const CotPublisher& publisher(std::size_t i) const { return *outputs_[i].publisher; }
  CotSinkStats sink_stats(std::size_t i) const { return outputs_[i].sink->stats(); }

  // Prometheus series of the outputs `caller` may know of: those of its own
  // nation, or all of them for `node_wide` callers (the node's own admins).
  void write_metrics(std::string& out, const Principal& caller, bool node_wide) const;

 private:
  struct Output {
    std::unique_ptr<CotNetSink> sink;
    std::unique_ptr<CotPublisher> publisher;
  };
  std::vector<Output> outputs_;
};

}  // namespace lookout::server::cot
