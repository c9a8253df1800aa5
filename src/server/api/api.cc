#include "server/api/api.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "alert/alert_book.h"
#include "geo/asset_index.h"
#include "server/api/air_track_json.h"
#include "server/api/api_call.h"
#include "server/api/audit_log.h"
#include "server/api/detector_params_json.h"
#include "server/api/live_air.h"
#include "server/api/query_params.h"
#include "server/api/track_json.h"
#include "server/api/views.h"
#include "server/http/request_parse.h"
#include "store/store.h"
#include "track/air/air_tracker.h"
#include "track/air/cooperative_picture.h"
#include "track/picture.h"

namespace lookout::server {

namespace {

constexpr std::size_t kMaxVessels = 50000;
constexpr std::size_t kMaxAlerts = 5000;
constexpr std::size_t kMaxComment = 2000;

Response json_ok(const nlohmann::json& j, int status = 200) {
  Response r;
  r.status = status;
  r.body = dump(j);
  return r;
}

Response bad_param(std::string_view name, std::string_view why) {
  return json_error(400, "bad_parameter", std::string(name) + ": " + std::string(why));
}

Response not_found() { return json_error(404, "not_found", "no such item"); }

// A store read that failed. The answer would be incomplete, so there is
// none: 503 when trying again may work (busy, connection lost), else 500.
// The store's own message stays out of the answer (it names the store and
// may quote what was asked); the status code says which kind it was.
Response store_error(const Status& s) {
  if (s.code() == StatusCode::kBusy || s.code() == StatusCode::kUnavailable) {
    Response r = json_error(503, "store_unavailable", "the history store cannot be read now; try again");
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  return json_error(500, "store_error", "the history store could not be read");
}

// The audit log's action for a request no route named: the method and the
// decoded path (the raw one when it could not be decoded).
// A store read refused because of the queues (NodeView::read_store).
Response queue_refusal(NodeView::StoreQueued why) {
  Response r;
  switch (why) {
    case NodeView::StoreQueued::kCallerFull:
      r = json_error(429, "too_many_requests", "too many of your requests are waiting; try again");
      break;
    case NodeView::StoreQueued::kFull:
      r = json_error(503, "busy", "the node has too many requests waiting; try again");
      break;
    default:
      r = json_error(503, "unavailable", "the node is stopping");
      break;
  }
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// Whether stored marking `id` may be shown to `nation`, read through
// `cache` (a store job's own: the reader thread shares nothing).
StatusOr<bool> marking_visible(store::Store& s, std::map<uint32_t, std::optional<Marking>>& cache, uint32_t id,
                               std::string_view nation) {
  auto it = cache.find(id);
  if (it == cache.end()) {
    auto m = s.marking(id);
    if (!m.ok()) return m.status();
    it = cache.emplace(id, std::move(*m)).first;
  }
  return it->second && releasable_to_nation(*it->second, nation);
}

// The queue a store read waits in: the principal, or for a request without
// one the address it came from (without the port).
std::string queue_of(const Request& r, const std::optional<Principal>& who) {
  if (who) return "principal:" + who->nation + "/" + who->name;
  const auto colon = r.remote.rfind(':');
  return "address:" + r.remote.substr(0, colon == std::string::npos ? r.remote.size() : colon);
}

std::string audit_action(const Request& r) {
  std::string action = r.method.empty() ? std::string("-") : audit_text(r.method, 32);
  action += ' ';
  if (!r.path.empty() || r.target.empty()) {
    action += audit_text(r.path, 200);
  } else {
    action += audit_target(std::string_view(r.target).substr(0, std::min<std::size_t>(r.target.find('?'), 200)));
  }
  return action;
}

}  // namespace

std::optional<std::string_view> request_token(const Request& request, bool allow_query) {
  if (auto h = request.header("authorization")) {
    auto token = parse_bearer(*h);
    if (!token) return std::nullopt;
    return *token;
  }
  if (allow_query) {
    if (auto q = request.param("access_token"); q && !q->empty()) return *q;
  }
  return std::nullopt;
}

Api::Api(NodeView& node, const TokenBook& tokens, LiveHub& hub) : node_(node), tokens_(tokens), hub_(hub) {}

bool Api::visible(const Marking& m, const Principal& who) const { return releasable_to_nation(m, who.nation); }

std::optional<Principal> Api::caller(const Request& request, bool allow_query) const {
  auto token = request_token(request, allow_query);
  if (!token) return std::nullopt;
  return tokens_.authenticate(*token);
}

void Api::write_audit(const Call& call, int status) {
  node_.store().add_audit(audit_row(to_unix_ms(node_.now()), call.who ? &*call.who : nullptr, call.req.remote,
                                    call.route.empty() ? audit_action(call.req) : call.route,
                                    audit_target(call.req.target), status, audit_outcome(status)));
}

void Api::record(const Request& request, int status) {
  // The core answered (a refusal, a static file, an upgrade): the caller is
  // whoever the token names, if it names anyone, so that a nation's admin
  // sees its callers' refused requests too.
  const auto who = caller(request, /*allow_query=*/true);
  node_.store().add_audit(audit_row(to_unix_ms(node_.now()), who ? &*who : nullptr, request.remote,
                                    audit_action(request), audit_target(request.target), status,
                                    audit_outcome(status)));
}

// A request and its routing, owned while a store read runs.
struct Api::Pending {
  explicit Pending(Request r) : req(std::move(r)), call{req, std::nullopt, {}, split_path(req.path)} {}
  Pending(const Pending&) = delete;
  Pending& operator=(const Pending&) = delete;
  Request req;
  Call call;
};

Response Api::handle(const Request& request) {
  auto out = std::make_shared<std::optional<Response>>();
  handle_async(request, [out](Response r) { *out = std::move(r); });
  if (!out->has_value()) node_.run_until([&out] { return out->has_value(); });
  if (!out->has_value()) return json_error(503, "unavailable", "the node is stopping");
  return std::move(**out);
}

void Api::handle_async(Request request, Reply reply) {
  auto pending = std::make_shared<Pending>(std::move(request));
  Routed routed;
  try {
    routed = route(pending->call);
  } catch (const std::exception&) {
    // Never a stack trace or an exception text: it could name what the caller may not see.
    routed = json_error(500, "internal", "the request could not be answered");
  }
  if (auto* now = std::get_if<Response>(&routed)) {
    finish(pending->call, std::move(*now), reply);
    return;
  }
  // The read and the answer's body on a reader thread; the audit, the
  // follow-up of an acknowledgement and the reply back on the io thread.
  // The job moves everything that must die on the io thread (the reply
  // holds the connection) into what it returns.
  auto box = std::make_shared<Reply>(std::move(reply));
  const std::string queue = queue_of(pending->req, pending->call.who);
  auto queued = node_.read_store(
      queue, [this, pending, box, read = std::get<StoreRead>(std::move(routed))](
                 store::Store& reader) mutable -> std::function<void()> {
        Answer answer;
        try {
          answer = read(reader);
        } catch (const std::exception&) {
          answer = Answer{json_error(500, "internal", "the request could not be answered"), std::nullopt};
        }
        return [this, pending = std::move(pending), box = std::move(box), answer = std::move(answer)]() mutable {
          if (answer.on_io) answer.response = answer.on_io();
          if (answer.acked) {
            node_.alert_acknowledged(*answer.acked);
            publish_stored_alert(*answer.acked);
          }
          finish(pending->call, std::move(answer.response), *box);
        };
      });
  if (queued != NodeView::StoreQueued::kYes) finish(pending->call, queue_refusal(queued), *box);
}

void Api::finish(const Call& call, Response r, const Reply& reply) {
  write_audit(call, r.status);
  if (call.req.path.rfind("/api/", 0) == 0) r.headers.emplace_back("Cache-Control", "no-store");
  reply(std::move(r));
}

Api::Routed Api::route(Call& call) {
  const auto& seg = call.seg;
  const std::string& m = call.req.method;
  if (seg.size() == 2 && seg[0] == "api" && seg[1] == "health") {
    if (m != "GET" && m != "HEAD") return json_error(405, "method_not_allowed", "use GET");
    return health(call);
  }
  // Everything else needs a caller.
  call.who = caller(call.req, /*allow_query=*/false);
  if (!call.who) {
    ++unauthenticated_;
    Response r = json_error(401, "unauthenticated", "a valid bearer token is required");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"lookout\"");
    return r;
  }
  ++requests_by_nation_[call.who->nation];
  // The audit log's action: the method as sent (DELETE stays DELETE) and
  // the route's pattern.
  auto want = [&](const char* method, const char* route) -> std::optional<Response> {
    call.route = m + " " + route;
    if (m == method || (std::string_view(method) == "GET" && m == "HEAD")) return std::nullopt;
    return json_error(405, "method_not_allowed", std::string("use ") + method);
  };
  if (seg.size() == 1 && seg[0] == "metrics") {
    if (auto e = want("GET", "/metrics")) return *e;
    return metrics(call);
  }
  if (seg.empty() || seg[0] != "api") return not_found();
  if (seg.size() == 2 && seg[1] == "me") {
    if (auto e = want("GET", "/api/me")) return *e;
    return me(call);
  }
  if (seg.size() >= 2 && seg[1] == "vessels") {
    if (seg.size() == 2) {
      if (auto e = want("GET", "/api/vessels")) return *e;
      return vessels(call);
    }
    auto mmsi = parse_uint(seg[2]);
    if (!mmsi || *mmsi == 0 || *mmsi > 999999999) {
      call.route = m + " /api/vessels/{mmsi}";
      return bad_param("mmsi", "must be a number of up to nine digits");
    }
    if (seg.size() == 3) {
      if (auto e = want("GET", "/api/vessels/{mmsi}")) return *e;
      return vessel(call, static_cast<uint32_t>(*mmsi));
    }
    if (seg.size() == 4 && seg[3] == "track") {
      if (auto e = want("GET", "/api/vessels/{mmsi}/track")) return *e;
      return vessel_track(call, static_cast<uint32_t>(*mmsi));
    }
    return not_found();
  }
  if (seg.size() >= 2 && seg[1] == "alerts") {
    if (seg.size() == 2) {
      if (auto e = want("GET", "/api/alerts")) return *e;
      return alerts(call);
    }
    std::string id(seg[2]);
    if (id.size() > 100) return bad_param("id", "too long");
    if (seg.size() == 3) {
      if (auto e = want("GET", "/api/alerts/{id}")) return *e;
      return alert(call, id);
    }
    if (seg.size() == 4 && seg[3] == "ack") {
      if (auto e = want("POST", "/api/alerts/{id}/ack")) return *e;
      return ack(call, id);
    }
    return not_found();
  }
  if (seg.size() == 2 && seg[1] == "assets") {
    if (auto e = want("GET", "/api/assets")) return *e;
    return assets(call);
  }
  if (seg.size() == 3 && seg[1] == "air" && seg[2] == "tracks") {
    if (auto e = want("GET", "/api/air/tracks")) return *e;
    return air_tracks(call);
  }
  if (seg.size() == 3 && seg[1] == "air" && seg[2] == "sensors") {
    if (auto e = want("GET", "/api/air/sensors")) return *e;
    return air_sensors(call);
  }
  if (seg.size() >= 2 && (seg[1] == "units" || seg[1] == "intercept" || seg[1] == "incidents")) return joint(call);
  if (seg.size() == 2 && seg[1] == "audit") {
    if (auto e = want("GET", "/api/audit")) return *e;
    return audit(call);
  }
  return not_found();
}

// Open to all (a load balancer's probe has no token). A caller that gives a
// valid token also sees the detector parameters of each partition it may see
// (its marking and the values in force): thresholds tell how to stay under
// them, so they are never shown to a caller the partition is not released to.
Response Api::health(Call& call) {
  nlohmann::json j = {{"status", "ok"}, {"node", node_.node_name()}, {"time", format_iso8601(node_.now())},
                      {"clock_speed", node_.clock_speed()}};
  call.who = caller(call.req, /*allow_query=*/false);
  if (call.who) {
    auto parts = nlohmann::json::array();
    for (const auto& p : node_.partitions()) {
      if (p.detectors == nullptr || !visible(*p.marking, *call.who)) continue;
      parts.push_back({{"marking", marking_json(*p.marking)}, {"detectors", detector_params_json(*p.detectors)}});
    }
    j["partitions"] = std::move(parts);
  }
  return json_ok(j);
}

Response Api::me(Call& call) {
  return json_ok({{"name", call.who->name}, {"nation", call.who->nation}, {"role", to_string(call.who->role)},
                  {"node", node_.node_name()}});
}

Response Api::vessels(Call& call) {
  std::optional<store::BBox> box;
  if (auto b = call.req.param("bbox")) {
    box = parse_bbox(*b);
    if (!box) return bad_param("bbox", "must be minLon,minLat,maxLon,maxLat in degrees");
  }
  std::size_t limit = 5000;
  if (auto l = call.req.param("limit")) {
    auto v = parse_uint(*l);
    if (!v || *v == 0) return bad_param("limit", "must be a positive integer");
    limit = static_cast<std::size_t>(std::min<uint64_t>(*v, kMaxVessels));
  }
  // The freshest state of each vessel among the partitions the caller may see.
  struct Pick {
    const track::Vessel* v;
    std::size_t part;
  };
  std::unordered_map<uint32_t, Pick> picks;
  auto parts = node_.partitions();
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (!visible(*parts[p].marking, *call.who)) continue;
    parts[p].picture->for_each([&](const track::Vessel& v) {
      if (v.positions == 0) return;
      if (box && !box->contains(v.last.pos())) return;
      auto [it, inserted] = picks.try_emplace(v.mmsi, Pick{&v, p});
      if (!inserted && v.last.time_ms > it->second.v->last.time_ms) it->second = Pick{&v, p};
    });
  }
  std::vector<const Pick*> order;
  order.reserve(picks.size());
  for (const auto& [mmsi, pick] : picks) order.push_back(&pick);
  std::sort(order.begin(), order.end(), [](const Pick* a, const Pick* b) { return a->v->mmsi < b->v->mmsi; });
  auto list = nlohmann::json::array();
  for (std::size_t i = 0; i < order.size() && i < limit; ++i) {
    const auto& pk = *order[i];
    // Risk from the alerts the caller may see only (an alert of a narrower
    // marking must not raise it).
    const int risk = parts[pk.part].alerts->vessel_risk(pk.v->mmsi, call.who->nation);
    list.push_back(vessel_json(*pk.v, risk, *parts[pk.part].marking, false));
  }
  return json_ok({{"time", format_iso8601(node_.now())},
                  {"count", order.size()},
                  {"truncated", order.size() > limit},
                  {"vessels", std::move(list)}});
}

Api::Routed Api::vessel(Call& call, uint32_t mmsi) {
  auto parts = node_.partitions();
  const track::Vessel* best = nullptr;
  std::size_t best_part = 0;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (!visible(*parts[p].marking, *call.who)) continue;
    const track::Vessel* v = parts[p].picture->find(mmsi);
    if (v == nullptr) continue;
    if (best == nullptr || v->last_seen_ms > best->last_seen_ms) {
      best = v;
      best_part = p;
    }
  }
  if (best == nullptr) return not_found();
  auto j = vessel_json(*best, parts[best_part].alerts->vessel_risk(mmsi, call.who->nation), *parts[best_part].marking,
                      true);
  store::AlertFilter f;
  f.mmsi = mmsi;
  f.visible_to = call.who->nation;
  f.limit = 200;
  return StoreRead([j = std::move(j), f](store::Store& reader) mutable -> Answer {
    auto ids = nlohmann::json::array();
    auto stored = reader.alerts(f);
    if (!stored.ok()) return {store_error(stored.status()), std::nullopt};
    for (const auto& row : *stored) {
      if (releasable_to_nation(row.marking, *f.visible_to)) ids.push_back(row.id);
    }
    j["alerts"] = std::move(ids);
    return {json_ok(j), std::nullopt};
  });
}

Api::Routed Api::vessel_track(Call& call, uint32_t mmsi) {
  int64_t now_ms = to_unix_ms(node_.now());
  store::TimeRange w{now_ms - 6 * 3600 * 1000LL, now_ms};
  if (auto f = call.req.param("from")) {
    auto t = parse_timestamp(*f);
    if (!t.ok()) return bad_param("from", "must be an ISO 8601 time such as 2024-12-25T10:00:00Z");
    w.from_ms = to_unix_ms(*t);
  }
  if (auto t = call.req.param("to")) {
    auto v = parse_timestamp(*t);
    if (!v.ok()) return bad_param("to", "must be an ISO 8601 time such as 2024-12-25T12:00:00Z");
    w.to_ms = to_unix_ms(*v);
    if (!call.req.param("from")) w.from_ms = w.to_ms - 6 * 3600 * 1000LL;
  }
  if (w.from_ms > w.to_ms) return bad_param("from", "must not be after to");
  if (w.to_ms - w.from_ms > 31LL * 24 * 3600 * 1000) return bad_param("to", "a window is at most 31 days");
  // On the io thread: the newest reports, which may still sit in the
  // store's open track chunk, from the live pictures the caller may see (the
  // freshest partition), and whether it may see the vessel at all.
  std::vector<track::TrackPoint> live;
  bool seen = false;
  {
    const track::Vessel* best = nullptr;
    const track::Picture* best_picture = nullptr;
    for (const auto& part : node_.partitions()) {
      if (!visible(*part.marking, *call.who)) continue;
      const track::Vessel* v = part.picture->find(mmsi);
      if (v != nullptr) seen = true;
      if (v != nullptr && v->positions > 0 && (best == nullptr || v->last.time_ms > best->last.time_ms)) {
        best = v;
        best_picture = part.picture;
      }
    }
    if (best != nullptr) {
      std::vector<track::TrackPoint> scratch;
      for (const auto& pt : best_picture->history(*best, scratch)) {
        if (w.contains(pt.time_ms)) live.push_back(pt);
      }
    }
  }
  // On a reader thread: up to 31 days from the store and their JSON.
  return StoreRead([mmsi, w, nation = call.who->nation, live = std::move(live), seen](store::Store& reader) -> Answer {
    // Only the reports released to the caller leave the store: a vessel it
    // may not see costs what an absent one does (no timing oracle).
    auto stored_track = reader.visible_track(mmsi, w, nation);
    if (!stored_track.ok()) return {store_error(stored_track.status()), std::nullopt};
    const auto& rows = *stored_track;
    // Straight into text on this reader thread (track_json.h).
    TrackJson out(rows.size() + live.size());
    int64_t last_t = INT64_MIN;
    auto add = [&](const track::TrackPoint& pt) {
      last_t = pt.time_ms;
      out.add(pt);
    };
    std::map<uint32_t, std::optional<Marking>> markings;
    for (const auto& row : rows) {
      auto shown = marking_visible(reader, markings, row.marking, nation);  // the store's filter, checked again
      if (!shown.ok()) return {store_error(shown.status()), std::nullopt};
      if (!*shown) continue;
      if (row.point.flags & store::kPositionJump) continue;
      if (row.point.time_ms == last_t) continue;  // the same report from two partitions
      add(row.point);
    }
    for (const auto& pt : live) {
      if (pt.time_ms > last_t) add(pt);
    }
    // Nothing visible in the window: say so for a vessel the caller may
    // see, and answer as for an unknown vessel otherwise.
    if (out.size() == 0 && !seen) return {not_found(), std::nullopt};
    Response r;
    r.body = out.finish(mmsi, w.from_ms, w.to_ms);
    return {std::move(r), std::nullopt};
  });
}

Api::Routed Api::alerts(Call& call) {
  store::AlertFilter f;
  if (auto s = call.req.param("state")) {
    auto st = store::alert_status_from_string(*s);
    if (!st) return bad_param("state", "must be open, acknowledged or retracted");
    f.status = *st;
  }
  if (auto k = call.req.param("kind")) {
    if (k->empty() || k->size() > 40) return bad_param("kind", "must be an alert kind such as anchor_drag");
    f.kind = std::string(*k);
  }
  if (auto s = call.req.param("since")) {
    auto t = parse_timestamp(*s);
    if (!t.ok()) return bad_param("since", "must be an ISO 8601 time");
    f.since_ms = to_unix_ms(*t);
  }
  if (auto m = call.req.param("mmsi")) {
    auto v = parse_uint(*m);
    if (!v || *v == 0 || *v > 999999999) return bad_param("mmsi", "must be a number of up to nine digits");
    f.mmsi = static_cast<uint32_t>(*v);
  }
  std::size_t limit = 500;
  if (auto l = call.req.param("limit")) {
    auto v = parse_uint(*l);
    if (!v || *v == 0) return bad_param("limit", "must be a positive integer");
    limit = static_cast<std::size_t>(std::min<uint64_t>(*v, kMaxAlerts));
  }
  // The store filters releasability, so the limit counts only what the
  // caller may see; one more row says whether there are more.
  f.visible_to = call.who->nation;
  f.limit = limit + 1;
  return StoreRead([f, limit](store::Store& reader) -> Answer {
    auto stored = reader.alerts(f);
    if (!stored.ok()) return {store_error(stored.status()), std::nullopt};
    auto& rows = *stored;
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.time_ms != b.time_ms ? a.time_ms > b.time_ms : a.id > b.id;
    });
    const bool more = rows.size() > limit;
    auto list = nlohmann::json::array();
    const std::string& nation = *f.visible_to;
    for (const auto& row : rows) {
      if (list.size() == limit) break;
      if (releasable_to_nation(row.marking, nation)) list.push_back(alert_json(row, nation));  // the store's filter, checked again
    }
    const std::size_t count = list.size();
    return {json_ok({{"count", count}, {"more", more}, {"alerts", std::move(list)}}), std::nullopt};
  });
}

Api::Routed Api::alert(Call& call, const std::string& id) {
  return StoreRead([id, nation = call.who->nation](store::Store& reader) -> Answer {
    auto found = reader.alert(id);
    if (!found.ok()) return {store_error(found.status()), std::nullopt};
    const auto& row = *found;
    if (!row || !releasable_to_nation(row->marking, nation)) return {not_found(), std::nullopt};
    return {json_ok(alert_json(*row, nation)), std::nullopt};
  });
}

// All of it on a reader thread, in the order the checks always had; the
// acknowledgement itself through the store's writer (NodeView::ack_alert),
// the node's and the live clients' follow-up back on the io thread.
Api::Routed Api::ack(Call& call, const std::string& id) {
  return StoreRead([this, id, who = *call.who, body = call.req.body,
                    now_ms = to_unix_ms(node_.now())](store::Store& reader) -> Answer {
    auto found = reader.alert(id);
    if (!found.ok()) return {store_error(found.status()), std::nullopt};
    const auto& row = *found;
    // Not visible answers as absent, before the role is judged: a viewer
    // learns nothing about alerts of other nations either.
    if (!row || !releasable_to_nation(row->marking, who.nation)) return {not_found(), std::nullopt};
    if (!who.may_ack()) return {json_error(403, "forbidden", "the viewer role may not acknowledge alerts"), std::nullopt};
    std::string comment;
    if (!body.empty()) {
      auto j = nlohmann::json::parse(body, nullptr, false);
      if (!j.is_object()) return {bad_param("body", "must be a JSON object such as {\"comment\":\"...\"}"), std::nullopt};
      if (auto c = j.find("comment"); c != j.end()) {
        if (!c->is_string()) return {bad_param("comment", "must be a string"), std::nullopt};
        comment = c->get<std::string>();
      }
    }
    if (comment.size() > kMaxComment) return {bad_param("comment", "at most 2000 bytes"), std::nullopt};
    // Acknowledged by someone (of this nation or another): the caller sees
    // the status, and who and why only when it was its own nation.
    if (row->status == store::AlertStatus::kAcknowledged) return {json_ok(alert_json(*row, who.nation)), std::nullopt};
    auto st = node_.ack_alert(id, who.name, who.nation, comment, now_ms);
    if (st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kNotFound) {
      return {json_error(409, "conflict", "the alert cannot be acknowledged: it was retracted"), std::nullopt};
    }
    if (!st.ok()) return {store_error(st), std::nullopt};
    auto read_back = reader.alert(id);
    if (!read_back.ok()) return {store_error(read_back.status()), std::nullopt};
    const auto& updated = *read_back;
    if (!updated) return {not_found(), std::nullopt};
    return {json_ok(alert_json(*updated, who.nation)), *updated};
  });
}

void Api::publish_stored_alert(const store::AlertRow& row) {
  // Every nation that sees the alert learns its status; the acknowledgement
  // itself (who, comment) goes only to the nations it is released to.
  std::optional<LiveHub::AlertAck> ack;
  if (row.status == store::AlertStatus::kAcknowledged) ack = LiveHub::AlertAck{ack_json(row), ack_marking(row)};
  hub_.alert(alert_json(row, {}), row.marking, std::move(ack));
}

Response Api::assets(Call& call) {
  auto features = nlohmann::json::array();
  for (const auto& a : node_.assets().assets()) {
    if (visible(a.marking, *call.who)) features.push_back(asset_feature(a));
  }
  return json_ok({{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

Response Api::air_tracks(Call& call) {
  // ?confirmed=true leaves out the tentative tracks (most of them, where
  // clutter starts tracks every scan): what the map draws.
  bool confirmed_only = false;
  if (auto c = call.req.param("confirmed")) {
    if (*c != "true" && *c != "false") return bad_param("confirmed", "must be true or false");
    confirmed_only = *c == "true";
  }
  auto list = nlohmann::json::array();
  std::vector<air::TrackState> coop_scratch;
  for (const auto& part : node_.partitions()) {
    // A partition not released to the caller adds nothing, not even to the
    // length of the list.
    if (part.air == nullptr || !visible(*part.marking, *call.who)) continue;
    visit_air_tracks(part, confirmed_only, coop_scratch, [&](const air::TrackState& s) {
      list.push_back(air_track_json(s, *part.marking, part.air->sensors()));
    });
  }
  return json_ok({{"time", format_iso8601(node_.now())}, {"tracks", std::move(list)}});
}

// The sensors each air picture the caller may see works with: from a sensors
// file, the config or a SAPIENT node's own registration and status (origin).
Response Api::air_sensors(Call& call) {
  auto list = nlohmann::json::array();
  for (const auto& part : node_.partitions()) {
    if (part.air == nullptr || !visible(*part.marking, *call.who)) continue;
    for (const air::SensorConfig& c : part.air->sensors()) {
      static constexpr const char* kOrigin[] = {"default", "sapient", "file", "config"};
      const auto origin = static_cast<std::size_t>(c.origin);
      list.push_back({{"id", std::string(c.id.view())},
                      {"lat", c.position.lat},
                      {"lon", c.position.lon},
                      {"alt_m", c.alt_m},
                      {"origin", origin < 4 ? kOrigin[origin] : "default"},
                      {"pattern", c.pattern == air::ScanPattern::kRotating ? "rotating" : "staring"},
                      {"revisit_s", c.revisit_s},
                      {"min_range_m", c.min_range_m},
                      {"max_range_m", c.max_range_m},
                      {"sector_centre_deg", c.sector_centre_deg},
                      {"sector_width_deg", c.sector_width_deg},
                      {"min_elevation_deg", c.min_elevation_deg},
                      {"max_elevation_deg", c.max_elevation_deg},
                      {"sigma_range_m", c.sigma_range_m},
                      {"sigma_bearing_deg", c.sigma_bearing_deg},
                      {"pd", c.pd},
                      {"marking", marking_json(*part.marking)}});
    }
  }
  return json_ok({{"time", format_iso8601(node_.now())}, {"sensors", std::move(list)}});
}

Api::Routed Api::audit(Call& call) {
  if (!call.who->is_admin()) return json_error(403, "forbidden", "only the admin role reads the audit log");
  int64_t now_ms = to_unix_ms(node_.now());
  store::TimeRange w{now_ms - 24 * 3600 * 1000LL, now_ms + 1000};
  if (auto s = call.req.param("since")) {
    auto t = parse_timestamp(*s);
    if (!t.ok()) return bad_param("since", "must be an ISO 8601 time");
    w.from_ms = to_unix_ms(*t);
  }
  std::size_t limit = 5000;
  if (auto l = call.req.param("limit")) {
    auto v = parse_uint(*l);
    if (!v || *v == 0) return bad_param("limit", "must be a positive integer");
    limit = static_cast<std::size_t>(std::min<uint64_t>(*v, 5000));
  }
  // An admin sees the accesses of its own nation's callers and the attempts
  // without a valid token (no nation: every admin of the node), newest
  // first; the store filters, so another nation's volume hides nothing.
  store::AuditFilter f;
  f.window = w;
  f.nation = call.who->nation;
  f.limit = limit + 1;
  return StoreRead([f, limit](store::Store& reader) -> Answer {
    auto stored = reader.audit_for_nation(f);
    if (!stored.ok()) return {store_error(stored.status()), std::nullopt};
    const auto& rows = *stored;
    const bool more = rows.size() > limit;
    auto list = nlohmann::json::array();
    for (const auto& row : rows) {
      if (list.size() == limit) break;
      if (row.nation && *row.nation != f.nation) continue;  // the store's filter, checked again
      list.push_back({{"time", format_iso8601(from_unix_ms(row.time_ms))},
                      {"principal", row.principal},
                      {"nation", row.nation ? nlohmann::json(*row.nation) : nlohmann::json(nullptr)},
                      {"role", row.role},
                      {"remote", row.remote},
                      {"action", row.action},
                      {"target", row.target},
                      {"status", row.status},
                      {"outcome", row.outcome}});
    }
    return {json_ok({{"more", more}, {"audit", std::move(list)}}), std::nullopt};
  });
}

Response Api::metrics(Call& call) {
  const Principal& who = *call.who;
  std::string out;
  auto line = [&](const char* name, const std::string& labels, double value) {
    out += name;
    if (!labels.empty()) out += "{" + labels + "}";
    out += ' ';
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, ec == std::errc() ? p : buf);
    out += '\n';
  };
  uint64_t vessels = 0, observations = 0, open_alerts = 0;
  std::map<std::string, uint64_t> opened;
  for (const auto& part : node_.partitions()) {
    if (!visible(*part.marking, who)) continue;
    vessels += part.picture->size();
    observations += part.observations;
    // An alert about an asset of a narrower marking than its partition's
    // counts only for the nations that may see it.
    open_alerts += part.alerts->open_count(who.nation);
    for (const auto& [kind, n] : part.alerts->opened_by_kind(who.nation)) opened[kind] += n;
  }
  out += "# HELP lookout_vessels Vessels in the pictures visible to the caller.\n# TYPE lookout_vessels gauge\n";
  line("lookout_vessels", "", static_cast<double>(vessels));
  out += "# HELP lookout_observations_total AIS observations accepted by the visible pictures.\n# TYPE lookout_observations_total counter\n";
  line("lookout_observations_total", "", static_cast<double>(observations));
  out += "# HELP lookout_alerts_open Open alerts visible to the caller.\n# TYPE lookout_alerts_open gauge\n";
  line("lookout_alerts_open", "", static_cast<double>(open_alerts));
  out += "# HELP lookout_alerts_opened_total Alert episodes visible to the caller opened, by kind.\n# TYPE lookout_alerts_opened_total counter\n";
  for (const auto& [kind, n] : opened) line("lookout_alerts_opened_total", "kind=\"" + kind + "\"", static_cast<double>(n));
  out += "# HELP lookout_live_clients Open WebSocket clients of the caller's nation.\n# TYPE lookout_live_clients gauge\n";
  line("lookout_live_clients", "nation=\"" + who.nation + "\"", static_cast<double>(hub_.clients_of(who.nation)));
  out += "# HELP lookout_api_requests_total API requests by callers of the caller's nation.\n# TYPE lookout_api_requests_total counter\n";
  line("lookout_api_requests_total", "nation=\"" + who.nation + "\"", static_cast<double>(requests_by_nation_[who.nation]));
  node_.write_metrics(out, who);
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = std::move(out);
  return r;
}

std::variant<Response, std::unique_ptr<LiveClient>> Api::open(const Request& req, LiveConnection& connection) {
  // The server core audits the upgrade (record()) once its handshake is
  // done or its refusal sent: only then is the outcome known.
  Call call{req, std::nullopt, "GET /api/live", split_path(req.path)};
  call.who = caller(req, /*allow_query=*/true);
  if (!call.who) {
    ++unauthenticated_;
    Response r = json_error(401, "unauthenticated", "a valid bearer token is required");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"lookout\"");
    return r;
  }
  ++requests_by_nation_[call.who->nation];
  return hub_.attach(*call.who, connection, req.remote);
}

}  // namespace lookout::server
