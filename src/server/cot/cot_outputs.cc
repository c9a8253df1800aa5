#include "server/cot/cot_outputs.h"

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include "server/api/auth.h"
#include "server/api/node_view.h"

namespace lookout::server::cot {

CotOutputs::CotOutputs(const std::vector<CotOutputConfig>& configs, const NodeView& node,
                       boost::asio::io_context& io, CotSinkParams params) {
  for (const auto& c : configs) {
    Output o;
    o.sink = std::make_unique<CotNetSink>(io, c, params);
    o.publisher = std::make_unique<CotPublisher>(c, node, *o.sink);
    outputs_.push_back(std::move(o));
  }
}

CotOutputs::~CotOutputs() { stop(); }

bool CotOutputs::start(std::string& error) {
  for (auto& o : outputs_) {
    if (!o.sink->start(error)) return false;
  }
  return true;
}

void CotOutputs::stop() {
  for (auto& o : outputs_) o.sink->stop();
}

void CotOutputs::vessel_changed(std::size_t partition, uint32_t mmsi) {
  for (auto& o : outputs_) o.publisher->vessel_changed(partition, mmsi);
}

void CotOutputs::alert(std::size_t partition, const alert::Alert& a) {
  for (auto& o : outputs_) o.publisher->alert(partition, a);
}

void CotOutputs::tick() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& o : outputs_) o.publisher->tick(now);
}

void CotOutputs::write_metrics(std::string& out, const Principal& caller, bool node_wide) const {
  std::string connected = "# HELP lookout_cot_output_connected 1 while a CoT output can send (a stream connected).\n"
                          "# TYPE lookout_cot_output_connected gauge\n";
  std::string events = "# HELP lookout_cot_output_events_total CoT events an output sent, by what they were.\n"
                       "# TYPE lookout_cot_output_events_total counter\n";
  std::string waiting = "# HELP lookout_cot_output_waiting CoT events waiting for the rate limit or the connection.\n"
                        "# TYPE lookout_cot_output_waiting gauge\n";
  std::string coalesced = "# HELP lookout_cot_output_coalesced_total States replaced by a later one of the same object before going out.\n"
                          "# TYPE lookout_cot_output_coalesced_total counter\n";
  std::string errors = "# HELP lookout_cot_output_errors_total CoT output failures, by reason (events lost with a connection: reason=\"lost\").\n"
                       "# TYPE lookout_cot_output_errors_total counter\n";
  std::string connects = "# HELP lookout_cot_output_connects_total Connections a CoT output made.\n"
                         "# TYPE lookout_cot_output_connects_total counter\n";
  bool any = false;
  for (const auto& o : outputs_) {
    const CotOutputConfig& c = o.publisher->config();
    if (!node_wide && caller.nation != c.nation) continue;
    any = true;
    const std::string label = "output=\"" + c.name + "\",transport=\"" + to_string(c.transport) + "\",nation=\"" + c.nation + "\"";
    const CotPublisherStats& p = o.publisher->stats();
    const CotSinkStats s = o.sink->stats();
    connected += "lookout_cot_output_connected{" + label + "} " + (s.connected ? "1" : "0") + "\n";
    const uint64_t tracks = p.events_sent - p.alerts_sent_out - p.deletes_sent;
    events += "lookout_cot_output_events_total{" + label + ",what=\"track\"} " + std::to_string(tracks) + "\n";
    events += "lookout_cot_output_events_total{" + label + ",what=\"alert\"} " + std::to_string(p.alerts_sent_out) + "\n";
    events += "lookout_cot_output_events_total{" + label + ",what=\"delete\"} " + std::to_string(p.deletes_sent) + "\n";
    waiting += "lookout_cot_output_waiting{" + label + "} " + std::to_string(o.publisher->waiting()) + "\n";
    coalesced += "lookout_cot_output_coalesced_total{" + label + "} " + std::to_string(p.coalesced) + "\n";
    connects += "lookout_cot_output_connects_total{" + label + "} " + std::to_string(s.connects) + "\n";
    for (const auto& [reason, n] : s.errors) {
      errors += "lookout_cot_output_errors_total{" + label + ",reason=\"" + reason + "\"} " + std::to_string(n) + "\n";
    }
    errors += "lookout_cot_output_errors_total{" + label + ",reason=\"lost\"} " + std::to_string(s.lost) + "\n";
  }
  if (!any) return;
  out += connected;
  out += events;
  out += waiting;
  out += coalesced;
  out += errors;
  out += connects;
}

}  // namespace lookout::server::cot
