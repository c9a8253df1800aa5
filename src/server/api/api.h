// Api: the HTTP endpoints and the WebSocket upgrade of docs/api/openapi.yaml.
//
// Every request but GET /api/health needs a bearer token (auth.h). Every
// answer - lists, single items, counts, metrics, error messages - holds only
// what the caller's nation may see (core/marking.h): an item that exists but
// is not releasable answers exactly as one that does not exist (404). Every
// request, allowed or not, is written to the audit log (audit_log.h) with
// the caller, the method and route, the target (tokens redacted), the status
// and the outcome: those this class answers, those the server core answered
// itself (record()), the WebSocket upgrade once its handshake is done, and
// each message of a live client (live_hub.h).
//
// Threading: everything runs on the node's io thread except the store
// reads. A route that reads the store hands the read and the building of
// its answer to a store reader thread (NodeView::read_store: a connection of
// its own, read-your-writes, a bounded queue per caller served in turn) and
// answers through handle_async's Reply when it comes back; the io thread
// never waits for the store. A caller over its queue's bound gets 429 (503
// when every queue is full), audited like any other answer.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/status.h"
#include "server/api/auth.h"
#include "server/api/live_hub.h"
#include "server/api/node_view.h"
#include "server/http/http.h"
#include "store/store.h"

namespace lookout::server {

class Api final : public Handler, public LiveHandler {
 public:
  // All three must outlive the Api.
  Api(NodeView& node, const TokenBook& tokens, LiveHub& hub);

  // The server core calls handle_async; handle() is for synchronous callers
  // (tests, tools) and waits for a store read through NodeView::run_until.
  Response handle(const Request& request) override;
  void handle_async(Request request, Reply reply) override;
  void record(const Request& request, int status) override;
  std::variant<Response, std::unique_ptr<LiveClient>> open(const Request& request,
                                                           LiveConnection& connection) override;

  // Pushes an alert whose stored state changed outside the engine (an ack).
  void publish_stored_alert(const store::AlertRow& row);

 private:
  struct Call;
  struct Pending;
  // What a store read gives back to the io thread: the answer, and the
  // stored state of an alert it acknowledged.
  struct Answer {
    Answer() = default;
    Answer(Response r, std::optional<store::AlertRow> a, std::function<Response()> io = nullptr)  // NOLINT
        : response(std::move(r)), acked(std::move(a)), on_io(std::move(io)) {}
    Response response;
    std::optional<store::AlertRow> acked;
    // When set, the answer is built on the io thread from the node's live
    // state (units, pictures) after the read: it replaces `response`.
    std::function<Response()> on_io;
  };
  // Runs on a store reader thread with its connection: the query and the
  // answer built from it. It touches nothing of the node's (it holds copies).
  using StoreRead = std::function<Answer(store::Store& reader)>;
  // A route's answer: now, or after a store read.
  using Routed = std::variant<Response, StoreRead>;
  Routed route(Call& call);
  Response health(Call& call);
  Response me(Call& call);
  Response vessels(Call& call);
  Routed vessel(Call& call, uint32_t mmsi);
  Routed vessel_track(Call& call, uint32_t mmsi);
  Routed alerts(Call& call);
  Routed alert(Call& call, const std::string& id);
  Routed ack(Call& call, const std::string& id);
  Response assets(Call& call);
  Response air_tracks(Call& call);
  Response air_sensors(Call& call);
  Routed audit(Call& call);
  Response metrics(Call& call);
  // Friendly units, intercepts and incidents (joint_routes.cc): /api/units,
  // /api/intercept, /api/incidents.
  Routed joint(Call& call);
  Response units(Call& call);
  Response post_unit(Call& call);
  Routed intercept(Call& call);
  Routed incident(Call& call);
  nlohmann::json incident_json(const FaultQuery& q, const FaultAnswer& answer, const std::string& nation);
  // Audits the answer and hands it to the server core (io thread).
  void finish(const Call& call, Response response, const Reply& reply);
  void write_audit(const Call& call, int status);
  // The caller a request's token names, or nullopt (no token, a malformed
  // one, or one no entry matches).
  std::optional<Principal> caller(const Request& request, bool allow_query) const;
  bool visible(const Marking& m, const Principal& who) const;

  NodeView& node_;
  const TokenBook& tokens_;
  LiveHub& hub_;
  std::map<std::string, uint64_t> requests_by_nation_;
  uint64_t unauthenticated_ = 0;
};

// The bearer token of `request`: the Authorization header's, parsed by
// parse_bearer() (server/http/request_parse.h: the fuzzed parser), or, when
// there is no such header and `allow_query`, the access_token query
// parameter; nullopt when there is none or the header is malformed.
std::optional<std::string_view> request_token(const Request& request, bool allow_query);

}  // namespace lookout::server
