// The joint command and control routes (issue 18): friendly units in and
// out, and the intercept answer for an alert.
//
//   GET  /api/units               the units released to the caller
//   POST /api/units               an operator posts a unit's position
//   GET  /api/intercept?alert=ID  every unit the caller sees, ranked by time
//                                 to intercept the alert's vessel or drone
//   POST /api/incidents           a reported cable fault: the ranked suspects
//                                 (the crossings forensics), each with its
//                                 current position and intercept answer
//
// Releasability as everywhere: a unit is listed only to the nations its
// marking releases it to; the intercept answers 404 for an alert the caller
// may not see (the checks of GET /api/alerts/{id}, on a store reader thread)
// and is built on the io thread from the live pictures and the registry.
#include <chrono>
#include <cmath>
#include <exception>

#include "server/api/api.h"
#include "server/api/api_call.h"
#include "server/api/intercept_json.h"
#include "server/api/views.h"
#include "store/store.h"
#include "track/friendly_units.h"

namespace lookout::server {

namespace {

constexpr double kKnotMps = 1852.0 / 3600.0;
// A posted report this far ahead of the node's clock is refused: it would
// pin the unit (older reports are ignored) until the clock catches up.
constexpr auto kMaxFutureReport = std::chrono::seconds(60);
constexpr std::size_t kMaxUnitBody = 4096;
// A fault window longer than this is a question for `lookout forensics`,
// not for a request that holds a reader thread.
constexpr int64_t kMaxIncidentWindowMs = 7LL * 24 * 3600 * 1000;

Response json_ok(const nlohmann::json& j, int status = 200) {
  Response r;
  r.status = status;
  r.body = dump(j);
  return r;
}

Response bad_field(std::string_view name, std::string_view why) {
  return json_error(400, "bad_parameter", std::string(name) + ": " + std::string(why));
}

Response not_found() { return json_error(404, "not_found", "no such item"); }

bool valid_unit_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// A finite number field, or nullopt when absent; `bad` is set when present
// but not a number.
std::optional<double> number_field(const nlohmann::json& j, const char* key, bool& bad) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    bad = true;
    return std::nullopt;
  }
  return it->get<double>();
}

// The body of POST /api/units as a report of `who`'s nation, or the answer
// that says what is wrong.
std::variant<track::UnitReport, Response> parse_unit(const std::string& body, const Principal& who, Timestamp now) {
  if (body.size() > kMaxUnitBody) return bad_field("body", "at most 4096 bytes");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return bad_field("body", "must be a JSON object");
  track::UnitReport r;
  auto id = j.find("id");
  if (id == j.end() || !id->is_string() || !valid_unit_id(id->get<std::string>())) {
    return bad_field("id", "required: 1-64 letters, digits, '-', '_', '.' or ':'");
  }
  r.id = id->get<std::string>();
  if (auto n = j.find("name"); n != j.end()) {
    if (!n->is_string() || n->get<std::string>().size() > 64) return bad_field("name", "a string of at most 64 bytes");
    r.name = n->get<std::string>();
  }
  if (auto k = j.find("kind"); k != j.end()) {
    auto kind = k->is_string() ? track::unit_kind_from_string(k->get<std::string>()) : std::nullopt;
    if (!kind) return bad_field("kind", "one of vessel, aircraft, helicopter, shore_team, drone, other");
    r.kind = *kind;
  }
  bool bad = false;
  auto lat = number_field(j, "lat", bad);
  auto lon = number_field(j, "lon", bad);
  if (bad || !lat || !lon || !LatLon{*lat, *lon}.valid()) return bad_field("lat", "lat and lon required, in degrees");
  r.position = {*lat, *lon};
  auto course = number_field(j, "course_deg", bad);
  if (bad || (course && (*course < 0 || *course >= 360))) return bad_field("course_deg", "0 to 360, true");
  auto speed = number_field(j, "speed_knots", bad);
  if (bad || (speed && (*speed < 0 || *speed > 2000))) return bad_field("speed_knots", "0 to 2000");
  if (course && speed) {
    r.course_deg = *course;
    r.speed_mps = *speed * kKnotMps;
  }
  auto top = number_field(j, "top_speed_knots", bad);
  if (bad || !top || !(*top > 0) || *top > 2000) return bad_field("top_speed_knots", "required, above 0");
  r.top_speed_mps = *top * kKnotMps;
  r.time = now;
  if (auto t = j.find("time"); t != j.end()) {
    auto parsed = t->is_string() ? parse_timestamp(t->get<std::string>()) : Result<Timestamp>(make_error(ErrorCode::kBadValue, 0, "time"));
    if (!parsed.ok()) return bad_field("time", "an ISO 8601 UTC time");
    if (parsed.value() > now + kMaxFutureReport) return bad_field("time", "more than a minute ahead of the node's clock");
    r.time = parsed.value();
  }
  // The poster's nation owns what it posts; it says whom else to show.
  r.marking.owner = who.nation;
  if (auto rel = j.find("releasable_to"); rel != j.end()) {
    if (!rel->is_array()) return bad_field("releasable_to", "an array of nations and groups");
    for (const auto& e : *rel) {
      if (!e.is_string()) return bad_field("releasable_to", "an array of nations and groups");
      r.marking.releasable_to.push_back(e.get<std::string>());
    }
  }
  if (auto problem = marking_problem(r.marking)) return bad_field("releasable_to", *problem);
  r.source = "api";
  return r;
}

// The body of POST /api/incidents, or the answer that says what is wrong.
std::variant<FaultQuery, Response> parse_fault(const std::string& body) {
  if (body.size() > kMaxUnitBody) return bad_field("body", "at most 4096 bytes");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return bad_field("body", "must be a JSON object");
  FaultQuery q;
  auto asset = j.find("asset");
  if (asset == j.end() || !asset->is_string() || asset->get<std::string>().empty() ||
      asset->get<std::string>().size() > 200) {
    return bad_field("asset", "required: the id of the cable or pipeline");
  }
  q.asset = asset->get<std::string>();
  bool bad = false;
  if (auto at = j.find("at"); at != j.end()) {
    const char* form = "{\"lat\": ..., \"lon\": ...} in degrees";
    if (!at->is_object()) return bad_field("at", form);
    auto lat = number_field(*at, "lat", bad);
    auto lon = number_field(*at, "lon", bad);
    if (bad || !lat || !lon) return bad_field("at", form);
    const LatLon p{*lat, *lon};
    if (!p.valid()) return bad_field("at", form);
    q.at = p;
  }
  if (auto km = number_field(j, "distance_km", bad); km || bad) {
    if (bad || *km < 0) return bad_field("distance_km", "a distance along the asset, 0 or more");
    q.distance_m = *km * 1000;
  }
  if (q.at && q.distance_m) return bad_field("at", "give a position or distance_km, not both");
  if (auto r = number_field(j, "radius_km", bad); r || bad) {
    if (bad || !(*r > 0) || *r > 100) return bad_field("radius_km", "above 0, at most 100");
    q.radius_m = *r * 1000;
  }
  if (auto l = number_field(j, "limit", bad); l || bad) {
    if (bad || *l < 1 || *l > 200) return bad_field("limit", "1 to 200");
    q.limit = static_cast<std::size_t>(*l);
  }
  for (const char* key : {"from", "to"}) {
    auto t = j.find(key);
    auto parsed = t != j.end() && t->is_string() ? parse_timestamp(t->get<std::string>())
                                                 : Result<Timestamp>(make_error(ErrorCode::kBadValue, 0, "time"));
    if (!parsed.ok()) return bad_field(key, "required: an ISO 8601 UTC time");
    (std::string_view(key) == "from" ? q.window.from_ms : q.window.to_ms) = to_unix_ms(parsed.value());
  }
  if (q.window.to_ms < q.window.from_ms) return bad_field("to", "before from");
  if (q.window.to_ms - q.window.from_ms > kMaxIncidentWindowMs) return bad_field("to", "the window is at most 7 days");
  return q;
}

}  // namespace

Api::Routed Api::joint(Call& call) {
  const auto& seg = call.seg;
  const std::string& m = call.req.method;
  auto want = [&](const char* method, const char* route) -> std::optional<Response> {
    call.route = m + " " + route;
    if (m == method || (std::string_view(method) == "GET" && m == "HEAD")) return std::nullopt;
    return json_error(405, "method_not_allowed", std::string("use ") + method);
  };
  if (seg.size() == 2 && seg[1] == "units") {
    if (m == "POST") {
      call.route = "POST /api/units";
      return post_unit(call);
    }
    if (want("GET", "/api/units")) return json_error(405, "method_not_allowed", "use GET or POST");
    return units(call);
  }
  if (seg.size() == 2 && seg[1] == "intercept") {
    if (auto e = want("GET", "/api/intercept")) return *e;
    return intercept(call);
  }
  if (seg.size() == 2 && seg[1] == "incidents") {
    if (auto e = want("POST", "/api/incidents")) return *e;
    return incident(call);
  }
  return not_found();
}

Response Api::units(Call& call) {
  const Timestamp now = node_.now();
  auto list = nlohmann::json::array();
  if (const track::FriendlyUnits* registry = node_.friendly_units()) {
    for (const auto& u : registry->all()) {
      if (visible(u.last.marking, *call.who)) list.push_back(unit_json(u, now));
    }
  }
  return json_ok({{"time", format_iso8601(now)}, {"units", std::move(list)}});
}

Response Api::post_unit(Call& call) {
  if (!call.who->may_ack()) return json_error(403, "forbidden", "the viewer role may not post units");
  const Timestamp now = node_.now();
  auto parsed = parse_unit(call.req.body, *call.who, now);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  auto& report = std::get<track::UnitReport>(parsed);
  if (!node_.report_unit(report)) {
    return json_error(409, "conflict", "refused: older than the unit's last report, or too many units");
  }
  const track::FriendlyUnit* stored = node_.friendly_units()->find(report.id, report.marking);
  if (stored == nullptr) return json_error(500, "internal", "the unit could not be stored");
  return json_ok(unit_json(*stored, now), 201);
}

Api::Routed Api::intercept(Call& call) {
  auto id = call.req.param("alert");
  if (!id || id->empty() || id->size() > 100) return bad_field("alert", "an alert id is required");
  return StoreRead([this, id = std::string(*id), nation = call.who->nation](store::Store& reader) -> Answer {
    auto found = reader.alert(id);
    if (!found.ok()) {
      const bool retry = found.status().code() == StatusCode::kBusy || found.status().code() == StatusCode::kUnavailable;
      return {json_error(retry ? 503 : 500, "store_error", "the history store could not be read"), std::nullopt,
              nullptr};
    }
    const auto& row = *found;
    if (!row || !releasable_to_nation(row->marking, nation)) return {not_found(), std::nullopt, nullptr};
    // The alert's drone track (drone alerts) is in its stored line.
    std::string track;
    auto line = nlohmann::json::parse(row->json, nullptr, false);
    if (line.is_object()) {
      if (auto t = line.find("track"); t != line.end() && t->is_string()) track = t->get<std::string>();
    }
    // The rest needs the live pictures and units: on the io thread.
    return {Response{}, std::nullopt, [this, id, nation, mmsi = row->mmsi, track]() -> Response {
              try {
                const auto parts = node_.partitions();
                auto target = find_target(parts, nation, mmsi, track);
                if (!target) {
                  return json_error(409, "no_target", "the alert's vessel or drone has no position now");
                }
                nlohmann::json j = intercept_json(*target, node_.friendly_units(), nation, node_.now());
                j["alert"] = id;
                return json_ok(j);
              } catch (const std::exception&) {
                return json_error(500, "internal", "the request could not be answered");
              }
            }};
  });
}

Api::Routed Api::incident(Call& call) {
  auto parsed = parse_fault(call.req.body);
  if (auto* refusal = std::get_if<Response>(&parsed)) return std::move(*refusal);
  return StoreRead([this, q = std::get<FaultQuery>(std::move(parsed)), nation = call.who->nation](
                       store::Store& reader) -> Answer {
    auto found = node_.fault_suspects(reader, q, nation);
    if (!found.ok()) {
      const StatusCode code = found.status().code();
      if (code == StatusCode::kInvalidArgument) {
        return {json_error(422, "bad_incident", found.status().message()), std::nullopt, nullptr};
      }
      const bool retry = code == StatusCode::kBusy || code == StatusCode::kUnavailable;
      return {json_error(retry ? 503 : 500, "store_error", "the history store could not be read"), std::nullopt,
              nullptr};
    }
    // Where each suspect is now and who can reach it: the live picture and
    // the units, on the io thread.
    return {Response{}, std::nullopt, [this, q, nation, answer = std::move(*found)]() -> Response {
              try {
                return json_ok(incident_json(q, answer, nation));
              } catch (const std::exception&) {
                return json_error(500, "internal", "the request could not be answered");
              }
            }};
  });
}

nlohmann::json Api::incident_json(const FaultQuery& q, const FaultAnswer& answer, const std::string& nation) {
  const Timestamp now = node_.now();
  const auto parts = node_.partitions();
  nlohmann::json incident = {{"asset", q.asset},
                             {"from", format_iso8601(from_unix_ms(q.window.from_ms))},
                             {"to", format_iso8601(from_unix_ms(q.window.to_ms))},
                             {"radius_m", q.radius_m}};
  incident["fault"] = answer.fault ? nlohmann::json::array({answer.fault->lon, answer.fault->lat}) : nlohmann::json(nullptr);
  if (q.distance_m) incident["distance_m"] = *q.distance_m;
  auto suspects = nlohmann::json::array();
  int rank = 0;
  for (const auto& s : answer.suspects) {
    nlohmann::json j = {{"rank", ++rank}, {"mmsi", s.mmsi}, {"crossing", s.crossing}};
    const uint32_t mmsi[] = {s.mmsi};
    auto target = find_target(parts, nation, mmsi, "");
    std::string source = "live";
    if (!target && s.last_stored) {
      target = vessel_target(s.mmsi, s.last_stored->point);
      source = "history";
    }
    if (target) {
      nlohmann::json answer_j = intercept_json(*target, node_.friendly_units(), nation, now);
      j["current"] = std::move(answer_j["target"]);
      j["current"]["source"] = source;
      j["intercept"] = std::move(answer_j["units"]);
    } else {
      j["current"] = nullptr;
      j["intercept"] = nlohmann::json::array();
    }
    suspects.push_back(std::move(j));
  }
  return {{"time", format_iso8601(now)}, {"incident", std::move(incident)}, {"suspects", std::move(suspects)}};
}

}  // namespace lookout::server
