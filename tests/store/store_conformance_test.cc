// The behaviour every store adapter must share: round trips of each kind of
// row, the spatial candidate query (segments, not only reported points),
// the alert lifecycle, batching and reopening. Each test runs once per
// adapter against a real database, and once more through WriteBehindStore
// (the live node's writer thread) over that adapter.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <string>
#include <tuple>
#include <vector>

#include "store/sqlite/sqlite_schema.h"
#include "store/store.h"
#include "store/write_behind_store.h"
#include "store_test_support.h"

namespace lookout::store {
namespace {

using testing::Adapter;

track::TrackPoint point(int64_t t_s, double lat, double lon, double sog_kn = 10.0) {
  track::TrackPoint p;
  p.time_ms = 1'700'000'000'000 + t_s * 1000;
  p.lat_e7 = static_cast<int32_t>(lat * 1e7);
  p.lon_e7 = static_cast<int32_t>(lon * 1e7);
  p.sog_dkn = static_cast<uint16_t>(sog_kn * 10);
  p.cog_ddeg = 900;
  p.heading = 91;
  p.nav_status = 0;
  return p;
}

int64_t at(int64_t t_s) { return 1'700'000'000'000 + t_s * 1000; }

alert::Alert make_alert(const std::string& id, alert::AlertState state, int score) {
  alert::Alert a;
  a.id = id;
  a.kind = "anchor_drag";
  a.state = state;
  a.time = from_unix_ms(at(100));
  a.first_time = from_unix_ms(at(50));
  a.mmsi = {230000001, 230000002};
  a.asset = "estlink-2";
  a.pos = {59.95, 25.97};
  a.score = score;
  a.severity = alert::severity_for(score);
  a.summary = "Tanker slowed over Estlink 2";
  a.marking = {"FIN", {"JEF"}};
  return a;
}

struct Variant {
  Adapter adapter;
  bool write_behind;
};

std::string variant_name(const ::testing::TestParamInfo<Variant>& info) {
  std::string name = info.param.adapter == Adapter::kSqlite ? "sqlite" : "postgres";
  return info.param.write_behind ? name + "_write_behind" : name;
}

class StoreConformance : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    std::string why;
    where_ = testing::fresh_store_location(GetParam().adapter, dir_, why);
    if (where_.empty()) GTEST_SKIP() << why;
    store_ = open(StoreOptions{});
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<Store> open(const StoreOptions& options) {
    std::string error;
    std::unique_ptr<Store> s;
    if (GetParam().write_behind && !options.read_only) {
      // A small queue bound, so that back-pressure is exercised too.
      s = open_write_behind_store(where_, options, 8, error);
    } else {
      s = open_store(where_, options, error);
    }
    EXPECT_NE(s, nullptr) << error;
    return s;
  }

  testing::ScratchDir dir_;
  std::string where_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, PositionsRoundTripInTimeOrder) {
  uint32_t m = store_->intern_marking({"DNK", {"JEF"}});
  std::vector<track::TrackPoint> pts = {point(20, 55.1, 12.2), point(0, 55.0, 12.0), point(10, 55.05, 12.1)};
  pts[0].flags = kPositionLate;
  for (const auto& p : pts) store_->add_position({219000001, p, m});
  store_->add_position({219000002, point(5, 56.0, 11.0), m});
  ASSERT_TRUE(store_->commit().ok());

  auto got = store_->track(219000001, {at(0), at(20)}).value();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].point.time_ms, at(0));
  EXPECT_EQ(got[1].point.time_ms, at(10));
  EXPECT_EQ(got[2].point.time_ms, at(20));
  EXPECT_EQ(got[2].point.lat_e7, pts[0].lat_e7);
  EXPECT_EQ(got[2].point.lon_e7, pts[0].lon_e7);
  EXPECT_EQ(got[2].point.sog_dkn, 100);
  EXPECT_EQ(got[2].point.cog_ddeg, 900);
  EXPECT_EQ(got[2].point.heading, 91);
  EXPECT_EQ(got[2].point.flags, kPositionLate);
  EXPECT_EQ(got[2].marking, m);
  EXPECT_EQ(store_->track(219000001, {at(5), at(15)}).value().size(), 1u);
  EXPECT_TRUE(store_->track(219000003, {at(0), at(100)}).value().empty());
  EXPECT_EQ(store_->counts().value().positions, 4u);
}

TEST_P(StoreConformance, TheSameReportTwiceIsStoredOnce) {
  store_->add_position({219000001, point(0, 55.0, 12.0), 0});
  ASSERT_TRUE(store_->commit().ok());
  store_->add_position({219000001, point(0, 55.0, 12.0), 0});
  ASSERT_TRUE(store_->commit().ok());
  EXPECT_EQ(store_->counts().value().positions, 1u);
}

TEST_P(StoreConformance, CandidatesFindSegmentsThatCrossABoxBetweenReports) {
  // Reports either side of a cable box 0.1 degrees wide, none inside it.
  store_->add_position({1, point(0, 59.90, 25.80), 0});
  store_->add_position({1, point(600, 59.90, 26.20), 0});
  // A vessel far away, and one there but at another time.
  store_->add_position({2, point(0, 55.00, 12.00), 0});
  store_->add_position({2, point(600, 55.00, 12.10), 0});
  store_->add_position({3, point(90000, 59.90, 25.80), 0});
  store_->add_position({3, point(90600, 59.90, 26.20), 0});
  ASSERT_TRUE(store_->commit().ok());

  BBox cable{59.85, 25.95, 59.95, 26.05};
  auto found = store_->candidates(cable, {at(0), at(3600)}).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mmsi, 1u);
  EXPECT_LE(found[0].from_ms, at(0));
  EXPECT_GE(found[0].to_ms, at(600));
  EXPECT_TRUE(store_->candidates({10, 10, 11, 11}, {at(0), at(100000)}).value().empty());
}

TEST_P(StoreConformance, CandidatesCoverAGapAcrossCommitsAndReopening) {
  StoreOptions small;
  small.chunk_points = 4;
  store_ = open(small);
  for (int i = 0; i < 10; ++i) store_->add_position({7, point(i * 60, 59.0, 20.0 + i * 0.01), 0});
  ASSERT_TRUE(store_->commit().ok());
  store_.reset();
  // Dark for three hours, reappearing on the far side of a cable at 21.0 E.
  store_ = open(small);
  store_->add_position({7, point(4 * 3600, 59.0, 21.5), 0});
  ASSERT_TRUE(store_->commit().ok());

  auto found = store_->candidates({58.95, 20.95, 59.05, 21.05}, {at(0), at(5 * 3600)}).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mmsi, 7u);
  EXPECT_GE(found[0].to_ms, at(4 * 3600));
  EXPECT_LE(found[0].from_ms, at(9 * 60));
}

TEST_P(StoreConformance, VesselStaticDataAndItsChanges) {
  VesselRow v;
  v.mmsi = 518998950;
  v.cls = track::VesselClass::kClassA;
  v.statics.imo = 9329760;
  v.statics.name.assign("EAGLE S");
  v.statics.callsign.assign("E5U4209");
  v.statics.shiptype = 80;
  v.statics.dim = {200, 28, 16, 16};
  v.statics.destination.assign("PORT SAID");
  v.statics.updated_ms = at(0);
  v.first_seen_ms = at(0);
  v.last_seen_ms = at(0);
  store_->put_vessel(v);
  ASSERT_TRUE(store_->commit().ok());
  v.statics.name.assign("EAGLE");
  v.statics.destination.assign("");  // unknown is not a change
  v.statics.updated_ms = at(3600);
  v.last_seen_ms = at(3600);
  store_->put_vessel(v);
  store_->add_position({518998950, point(7200, 59.9, 25.9), 0});
  ASSERT_TRUE(store_->commit().ok());

  auto got = store_->vessel(518998950).value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->statics.name.view(), "EAGLE");
  EXPECT_EQ(got->statics.imo, 9329760u);
  EXPECT_EQ(got->statics.callsign.view(), "E5U4209");
  EXPECT_EQ(got->statics.dim.to_bow, 200);
  EXPECT_EQ(got->statics.length_m(), 228);
  EXPECT_EQ(got->cls, track::VesselClass::kClassA);
  EXPECT_EQ(got->first_seen_ms, at(0));
  EXPECT_EQ(got->last_seen_ms, at(7200));

  auto changes = store_->vessel_changes(518998950, {at(0), at(7200)}).value();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "name");
  EXPECT_EQ(changes[0].old_value, "EAGLE S");
  EXPECT_EQ(changes[0].new_value, "EAGLE");
  EXPECT_EQ(changes[0].time_ms, at(3600));
  EXPECT_FALSE(store_->vessel(1).value());
}

// The static data cache is bounded: with room for two vessels, the third
// starts it afresh, and a change of the first is still found (against the
// stored row, read again) and recorded once.
TEST_P(StoreConformance, ChangesAreFoundAfterTheVesselCacheStartedAfresh) {
  StoreOptions small;
  small.vessel_cache_max = 2;
  store_.reset();
  store_ = open(small);
  ASSERT_NE(store_, nullptr);
  auto vessel = [](uint32_t mmsi, const char* name, int64_t t) {
    VesselRow v;
    v.mmsi = mmsi;
    v.statics.name.assign(name);
    v.statics.updated_ms = t;
    v.first_seen_ms = t;
    v.last_seen_ms = t;
    return v;
  };
  store_->put_vessel(vessel(219000001, "ALPHA", at(0)));
  store_->put_vessel(vessel(219000002, "BRAVO", at(0)));
  store_->put_vessel(vessel(219000003, "CHARLIE", at(0)));  // the cache is full: afresh
  ASSERT_TRUE(store_->commit().ok());
  store_->put_vessel(vessel(219000001, "ALPHA ONE", at(60)));
  store_->put_vessel(vessel(219000003, "CHARLIE TWO", at(60)));
  ASSERT_TRUE(store_->commit().ok());
  for (auto [mmsi, before, after] : {std::tuple{219000001u, "ALPHA", "ALPHA ONE"},
                                     std::tuple{219000003u, "CHARLIE", "CHARLIE TWO"}}) {
    auto changes = store_->vessel_changes(mmsi, {at(0), at(120)}).value();
    ASSERT_EQ(changes.size(), 1u) << mmsi;
    EXPECT_EQ(changes[0].field, "name");
    EXPECT_EQ(changes[0].old_value, before);
    EXPECT_EQ(changes[0].new_value, after);
  }
  EXPECT_TRUE(store_->vessel_changes(219000002, {at(0), at(120)}).value().empty());
}

TEST_P(StoreConformance, AVesselSeenOnlyByPositionHasARow) {
  store_->add_position({244000001, point(0, 52.0, 4.0), 0});
  store_->add_position({244000001, point(60, 52.0, 4.01), 0});
  ASSERT_TRUE(store_->commit().ok());
  auto got = store_->vessel(244000001).value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first_seen_ms, at(0));
  EXPECT_EQ(got->last_seen_ms, at(60));
  EXPECT_EQ(got->statics.name.view(), "");
}

TEST_P(StoreConformance, AlertLifecycleOpenAcknowledgeUpdateRetract) {
  store_->put_alert(make_alert("a-1", alert::AlertState::kOpen, 60));
  store_->put_alert(make_alert("a-2", alert::AlertState::kOpen, 30));
  ASSERT_TRUE(store_->commit().ok());

  AlertFilter open;
  open.status = AlertStatus::kOpen;
  EXPECT_EQ(store_->alerts(open).value().size(), 2u);

  ASSERT_TRUE(store_->ack_alert("a-1", "duty-officer", "FIN", "tug on its way", at(200)).ok());
  auto a1 = store_->alert("a-1").value();
  ASSERT_TRUE(a1);
  EXPECT_EQ(a1->status, AlertStatus::kAcknowledged);
  EXPECT_EQ(a1->acked_by, "duty-officer");
  EXPECT_EQ(a1->acked_nation, "FIN");
  EXPECT_EQ(a1->ack_comment, "tug on its way");
  EXPECT_EQ(a1->acked_ms, at(200));
  EXPECT_FALSE(store_->ack_alert("a-1", "x", "FIN", "", at(201)).ok()) << "acknowledged twice";
  EXPECT_FALSE(store_->ack_alert("a-9", "x", "FIN", "", at(201)).ok()) << "unknown alert";

  // A later update keeps the acknowledgement; a retraction ends it.
  store_->put_alert(make_alert("a-1", alert::AlertState::kUpdate, 80));
  ASSERT_TRUE(store_->commit().ok());
  a1 = store_->alert("a-1").value();
  EXPECT_EQ(a1->status, AlertStatus::kAcknowledged);
  EXPECT_EQ(a1->score, 80);
  EXPECT_EQ(a1->severity, "critical");
  store_->put_alert(make_alert("a-2", alert::AlertState::kRetracted, 30));
  ASSERT_TRUE(store_->commit().ok());
  EXPECT_EQ(store_->alert("a-2").value()->status, AlertStatus::kRetracted);
  EXPECT_FALSE(store_->ack_alert("a-2", "x", "FIN", "", at(300)).ok()) << "retracted";

  auto a2 = store_->alert("a-2").value();
  EXPECT_EQ(a2->kind, "anchor_drag");
  EXPECT_EQ(a2->mmsi, (std::vector<uint32_t>{230000001, 230000002}));
  EXPECT_EQ(a2->asset, "estlink-2");
  EXPECT_DOUBLE_EQ(a2->pos.lat, 59.95);
  EXPECT_EQ(a2->marking.owner, "FIN");
  EXPECT_EQ(a2->marking.releasable_to, std::vector<std::string>{"JEF"});
  EXPECT_EQ(a2->first_time_ms, at(50));
  EXPECT_NE(a2->json.find("\"id\":\"a-2\""), std::string::npos);

  AlertFilter by_vessel;
  by_vessel.mmsi = 230000002;
  EXPECT_EQ(store_->alerts(by_vessel).value().size(), 2u);
  by_vessel.mmsi = 1;
  EXPECT_TRUE(store_->alerts(by_vessel).value().empty());
  AlertFilter by_kind;
  by_kind.kind = "loitering";
  EXPECT_TRUE(store_->alerts(by_kind).value().empty());
}

TEST_P(StoreConformance, AuditRowsAreKeptInOrder) {
  store_->add_audit({at(1), "alice", "GBR", "GET /api/vessels", "bbox=1,2,3,4", "ok", 0, "", ""});
  store_->add_audit({at(2), "bob", "DNK", "alert.ack", "a-1", "denied", 0, "", ""});
  ASSERT_TRUE(store_->commit().ok());
  auto rows = store_->audit({at(0), at(10)}, 10).value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].principal, "alice");
  EXPECT_EQ(rows[1].outcome, "denied");
  EXPECT_EQ(rows[1].nation.value_or(""), "DNK");
  EXPECT_EQ(store_->audit({at(2), at(10)}, 10).value().size(), 1u);
}

TEST_P(StoreConformance, AuditForANationIsFilteredInTheStoreNewestFirst) {
  // Nation A's three rows, then an attempt without a token, then many rows of
  // nation B, all newer: A's admin still reads A's rows and the attempt.
  for (int i = 0; i < 3; ++i) {
    AuditRow r;
    r.time_ms = at(1 + i);
    r.principal = "alice";
    r.nation = "GBR";
    r.action = "DELETE /api/audit";
    r.target = "/api/audit?n=" + std::to_string(i);
    r.outcome = "bad_request";
    r.status = 405;
    r.role = "admin";
    r.remote = "127.0.0.1:5000";
    store_->add_audit(r);
  }
  AuditRow anonymous;
  anonymous.time_ms = at(5);
  anonymous.principal = "anonymous";
  anonymous.action = "GET /api/vessels";
  anonymous.target = "/api/vessels";
  anonymous.outcome = "unauthenticated";
  anonymous.status = 401;
  anonymous.remote = "[::1]:6000";
  store_->add_audit(anonymous);
  for (int i = 0; i < 500; ++i) {
    store_->add_audit({at(10 + i), "bob", "DNK", "GET /api/vessels", "/api/vessels", "ok", 0, "", ""});
  }
  ASSERT_TRUE(store_->commit().ok());
  AuditFilter f;
  f.window = {at(0), at(1000)};
  f.nation = "GBR";
  f.limit = 3;
  auto rows = store_->audit_for_nation(f).value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0].nation.has_value());  // the newest: the attempt without a token
  EXPECT_EQ(rows[0].status, 401);
  EXPECT_EQ(rows[0].remote, "[::1]:6000");
  EXPECT_EQ(rows[1].target, "/api/audit?n=2");
  EXPECT_EQ(rows[1].nation.value_or(""), "GBR");
  EXPECT_EQ(rows[1].status, 405);
  EXPECT_EQ(rows[1].role, "admin");
  EXPECT_EQ(rows[1].action, "DELETE /api/audit");
  EXPECT_EQ(rows[2].target, "/api/audit?n=1");
  f.limit = 100;
  EXPECT_EQ(store_->audit_for_nation(f).value().size(), 4u);
  f.nation = "DNK";
  f.limit = 1000;
  EXPECT_EQ(store_->audit_for_nation(f).value().size(), 501u);
  f.nation = "NOR";
  EXPECT_EQ(store_->audit_for_nation(f).value().size(), 1u);
}

TEST_P(StoreConformance, AlertsAreFilteredByReleasabilityBeforeTheLimit) {
  const std::vector<Marking> markings = {
      {"FIN", {"JEF"}}, {"DNK", {}}, {"GBR", {"NATO", "SWE"}}, {"USA", {"GBR"}}, {"NOR", {"SWE", "ISL"}}};
  // Many alerts no Dane may see, newest first, then the few a Dane may.
  int n = 0;
  for (int i = 0; i < 30; ++i) {
    for (const auto& m : markings) {
      auto a = make_alert("r-" + std::to_string(n++), alert::AlertState::kOpen, 50);
      a.time = from_unix_ms(at(1000 + n));
      a.marking = m;
      store_->put_alert(a);
    }
  }
  ASSERT_TRUE(store_->commit().ok());
  for (const std::string nation : {"DNK", "SWE", "USA", "ISL", "FRA"}) {
    AlertFilter f;
    f.visible_to = nation;
    f.limit = 1000;
    auto rows = store_->alerts(f).value();
    std::size_t expected = 0;
    for (const auto& m : markings) expected += releasable_to_nation(m, nation) ? 30 : 0;
    EXPECT_EQ(rows.size(), expected) << nation;
    for (const auto& r : rows) EXPECT_TRUE(releasable_to_nation(r.marking, nation)) << nation << " sees " << r.id;
    f.limit = 7;  // the limit counts only releasable rows
    EXPECT_EQ(store_->alerts(f).value().size(), std::min<std::size_t>(7, expected)) << nation;
  }
  AlertFilter nobody;
  nobody.visible_to = "";
  EXPECT_TRUE(store_->alerts(nobody).value().empty());
}

TEST_P(StoreConformance, MarkingsAreInterned) {
  uint32_t a = store_->intern_marking({"GBR", {"NATO", "JEF"}});
  uint32_t b = store_->intern_marking({"GBR", {"JEF", "NATO"}});
  uint32_t c = store_->intern_marking({"DNK", {"JEF"}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(store_->intern_marking({}), 0u);
  ASSERT_TRUE(store_->commit().ok());
  auto m = store_->marking(a).value();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->owner, "GBR");
  EXPECT_EQ(m->releasable_to, (std::vector<std::string>{"JEF", "NATO"}));
}

TEST_P(StoreConformance, BatchesCommitOnTheirOwnAndSurviveReopening) {
  if (GetParam().write_behind) GTEST_SKIP() << "write-behind commits what is submitted (WriteBehindStore tests)";
  StoreOptions small;
  small.batch_rows = 10;
  store_ = open(small);
  for (int i = 0; i < 25; ++i) store_->add_position({9, point(i, 50.0, 1.0 + i * 1e-3), 0});
  // Two batches are committed without commit(); a second connection sees them.
  auto reader = open(StoreOptions{});
  EXPECT_GE(reader->counts().value().positions, 20u);
  ASSERT_TRUE(store_->commit().ok());
  store_.reset();
  EXPECT_EQ(reader->counts().value().positions, 25u);
  auto again = open(StoreOptions{});
  EXPECT_EQ(again->counts().value().positions, 25u);
  EXPECT_EQ(again->schema_version(), reader->schema_version());
  EXPECT_GE(again->schema_version(), 1);
}

TEST_P(StoreConformance, ReadOnlyRefusesWrites) {
  store_->add_position({9, point(0, 50.0, 1.0), 0});
  ASSERT_TRUE(store_->commit().ok());
  StoreOptions ro;
  ro.read_only = true;
  auto reader = open(ro);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->track(9, {at(0), at(1)}).value().size(), 1u);
  reader->add_position({9, point(5, 50.0, 1.0), 0});
  EXPECT_FALSE(reader->commit().ok());
  EXPECT_FALSE(reader->write_status().ok());
}

INSTANTIATE_TEST_SUITE_P(Adapters, StoreConformance,
                         ::testing::Values(Variant{Adapter::kSqlite, false}, Variant{Adapter::kPostgres, false},
                                           Variant{Adapter::kSqlite, true}, Variant{Adapter::kPostgres, true}),
                         variant_name);

// SQLite specifics: a file that is not a store, and a store from the future.
TEST(SqliteStore, ClearErrorsForFilesItCannotUse) {
  testing::ScratchDir dir;
  std::string error;
  auto missing_dir = open_store((dir.path() / "no/such/dir/h.db").string(), {}, error);
  EXPECT_EQ(missing_dir, nullptr);
  EXPECT_NE(error.find("h.db"), std::string::npos) << error;

  auto text = dir.path() / "notes.txt";
  { std::FILE* f = std::fopen(text.c_str(), "w"); std::fputs("not a database, just words\n", f); std::fclose(f); }
  error.clear();
  EXPECT_EQ(open_store(text.string(), {}, error), nullptr);
  EXPECT_NE(error.find("notes.txt"), std::string::npos) << error;

  auto future = dir.path() / "future.db";
  { auto s = open_store(future.string(), {}, error); ASSERT_NE(s, nullptr); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(future.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  error.clear();
  EXPECT_EQ(open_store(future.string(), {}, error), nullptr);
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
}

// A store written by the first schema is moved forward when opened for
// writing, and the alerts-by-status index answers the live node's "which
// recent alerts were acknowledged" without reading every recent alert.
TEST(SqliteStore, AnOlderSchemaIsMigratedAndAcknowledgedAlertsAreFoundByIndex) {
  testing::ScratchDir dir;
  auto path = dir.path() / "v1.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sqlite::migrations()[0], nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 1", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  std::string error;
  auto store = open_store(path.string(), {}, error);
  ASSERT_NE(store, nullptr) << error;
  EXPECT_EQ(store->schema_version(), static_cast<int>(sqlite::migrations().size()));
  EXPECT_GE(store->schema_version(), 2);
  store.reset();

  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string plan;
  auto collect = [](void* out, int n, char** values, char**) {
    for (int i = 0; i < n; ++i) {
      if (values[i] != nullptr) *static_cast<std::string*>(out) += std::string(values[i]) + " ";
    }
    return 0;
  };
  ASSERT_EQ(sqlite3_exec(db,
                         "EXPLAIN QUERY PLAN SELECT id FROM alerts WHERE status = 'acknowledged' AND t >= 0 "
                         "ORDER BY t DESC, id LIMIT 100",
                         collect, &plan, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_NE(plan.find("alerts_by_status"), std::string::npos) << plan;
}

// Audit rows of schema 2 move to schema 3: an attempt without a token (kept
// as nation "" and principal "anonymous ADDRESS") gets nation NULL, so that
// every admin reads it; every other row keeps its nation.
TEST(SqliteStore, AuditRowsOfAnOlderSchemaKeepTheirMeaning) {
  testing::ScratchDir dir;
  auto path = dir.path() / "v2.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (int v = 0; v < 2; ++v) ASSERT_EQ(sqlite3_exec(db, sqlite::migrations()[v], nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "PRAGMA user_version = 2;"
                         "INSERT INTO audit(t, principal, nation, action, target, outcome) VALUES"
                         "(10, 'anonymous 127.0.0.1:5000', '', 'GET /api/vessels', '/api/vessels', 'unauthenticated'),"
                         "(11, 'gbr-op', 'GBR', 'GET /api/me', '/api/me', 'ok'),"
                         "(12, 'analyst', '', 'forensics near', 'x', 'ok')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  std::string error;
  auto store = open_store(path.string(), {}, error);
  ASSERT_NE(store, nullptr) << error;
  auto rows = store->audit({0, 100}, 10).value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].principal, "anonymous");
  EXPECT_FALSE(rows[0].nation.has_value());
  EXPECT_EQ(rows[0].remote, "127.0.0.1:5000");
  EXPECT_EQ(rows[1].nation.value_or("?"), "GBR");
  EXPECT_EQ(rows[2].nation.value_or("?"), "");
  AuditFilter f;
  f.window = {0, 100};
  f.nation = "GBR";
  rows = store->audit_for_nation(f).value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].principal, "gbr-op");
  EXPECT_EQ(rows[1].principal, "anonymous");
}

}  // namespace
}  // namespace lookout::store
