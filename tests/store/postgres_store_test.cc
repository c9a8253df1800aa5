// PostgreSQL specifics beyond the conformance tests: the schema the adapter
// creates (version table, PostGIS box with its GiST index), errors that hide
// passwords, replays mixing stored and new reports in one batch, two writers
// on one database, and text PostgreSQL would refuse. Runs against the same
// real server as the conformance tests (store_test_support.h).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <string>
#include <vector>

#include "store/postgres/pg_conn.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"
#include "store_test_support.h"

namespace lookout::store {
namespace {

int64_t at(int64_t t_s) { return 1'700'000'000'000 + t_s * 1000; }

track::TrackPoint point(int64_t t_s, double lat, double lon) {
  track::TrackPoint p;
  p.time_ms = at(t_s);
  p.lat_e7 = static_cast<int32_t>(lat * 1e7);
  p.lon_e7 = static_cast<int32_t>(lon * 1e7);
  p.sog_dkn = 100;
  p.cog_ddeg = 900;
  p.heading = 90;
  p.nav_status = 0;
  return p;
}

TEST(PgText, UrlPasswordsAreHidden) {
  EXPECT_EQ(pg::redact_url("postgresql://ops:s3cret@db.example:5432/lookout"),
            "postgresql://ops:***@db.example:5432/lookout");
  EXPECT_EQ(pg::redact_url("postgresql://ops@db/lookout"), "postgresql://ops@db/lookout");
  EXPECT_EQ(pg::redact_url("postgres://db/lookout?user=ops&password=s3cret&sslmode=require"),
            "postgres://db/lookout?user=ops&password=***&sslmode=require");
  EXPECT_EQ(pg::redact_url("postgresql://db:5432/x"), "postgresql://db:5432/x");
}

TEST(PgText, CopyFieldsAreEscapedAndCleaned) {
  std::string out;
  pg::append_copy_text(out, "a\tb\nc\\d\re");
  EXPECT_EQ(out, "a\\tb\\nc\\\\d\\re");
  out.clear();
  pg::append_copy_text(out, std::string_view("x\0y", 3));
  EXPECT_EQ(out, "xy");
  out.clear();
  pg::append_copy_text(out, "\xC3\xA9t\xC3\xA9 \xFF \xE2\x82");  // "été", a stray byte, a cut-off sequence
  EXPECT_EQ(out, "\xC3\xA9t\xC3\xA9 ? ??");
  EXPECT_EQ(pg::clean_text("\xED\xA0\x80"), "???");  // a UTF-16 surrogate is not UTF-8
  EXPECT_EQ(pg::clean_text("plain"), "plain");
}

TEST(PostgresStore, AnUnreachableServerIsNamedWithoutItsPassword) {
  std::string error;
  auto s = open_store("postgresql://ops:s3cret@127.0.0.1:1/lookout?connect_timeout=2", {}, error);
  EXPECT_EQ(s, nullptr);
  EXPECT_NE(error.find("127.0.0.1"), std::string::npos) << error;
  EXPECT_NE(error.find("cannot connect"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cret"), std::string::npos) << error;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    url_ = testing::fresh_store_location(testing::Adapter::kPostgres, dir_, why);
    if (url_.empty()) GTEST_SKIP() << why;
  }

  std::unique_ptr<Store> open(const StoreOptions& options = {}) {
    std::string error;
    auto s = open_store(url_, options, error);
    EXPECT_NE(s, nullptr) << error;
    return s;
  }

  // One value from a query run straight on the database.
  std::string query(const std::string& sql) {
    PGconn* c = PQconnectdb(url_.c_str());
    std::string out = "<error>";
    if (PQstatus(c) == CONNECTION_OK) {
      PGresult* r = PQexec(c, sql.c_str());
      if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
        out = PQgetvalue(r, 0, 0);
      } else if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        out.clear();
      } else {
        out = std::string("<error> ") + PQerrorMessage(c);
      }
      PQclear(r);
    }
    PQfinish(c);
    return out;
  }

  testing::ScratchDir dir_;
  std::string url_;
};

TEST_F(PostgresStoreTest, SchemaIsVersionedWithAPostGisBoxUnderAGistIndex) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->adapter(), "postgres");
  EXPECT_EQ(store->schema_version(), postgres_schema_version());
  EXPECT_EQ(query("SELECT max(version) FROM schema_version"), std::to_string(postgres_schema_version()));
  EXPECT_EQ(query("SELECT extname FROM pg_extension WHERE extname = 'postgis'"), "postgis");
  EXPECT_EQ(query("SELECT Find_SRID('public', 'chunks', 'box')"), "4326");
  std::string index = query("SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_space_time'");
  EXPECT_NE(index.find("USING gist (box, span)"), std::string::npos) << index;

  // Opening again migrates nothing and keeps the data.
  store->add_position({5, point(0, 60.0, 25.0), 0});
  ASSERT_TRUE(store->commit().ok());
  store.reset();
  store = open();
  EXPECT_EQ(query("SELECT count(*) FROM schema_version"), std::to_string(postgres_schema_version()));
  EXPECT_EQ(store->counts().value().positions, 1u);
  // The chunk's box is the report's point, in lon/lat order.
  EXPECT_EQ(query("SELECT ST_XMin(box)::text || ' ' || ST_YMin(box)::text FROM chunks"), "25 60");
}

TEST_F(PostgresStoreTest, AStoreFromTheFutureIsRefused) {
  { ASSERT_NE(open(), nullptr); }
  ASSERT_EQ(query("INSERT INTO schema_version(version) VALUES(999)"), "");
  std::string error;
  EXPECT_EQ(open_store(url_, {}, error), nullptr);
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
  StoreOptions ro;
  ro.read_only = true;
  error.clear();
  EXPECT_EQ(open_store(url_, ro, error), nullptr);
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
}

TEST_F(PostgresStoreTest, ReadOnlyOnAnEmptyDatabaseSaysSo) {
  StoreOptions ro;
  ro.read_only = true;
  std::string error;
  EXPECT_EQ(open_store(url_, ro, error), nullptr);
  EXPECT_NE(error.find("no Lookout schema"), std::string::npos) << error;
  EXPECT_EQ(query("SELECT count(*) FROM pg_tables WHERE tablename = 'positions'"), "0") << "read-only created tables";
}

TEST_F(PostgresStoreTest, AReplayedBatchMixingStoredAndNewReportsKeepsTheFirst) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto first = point(0, 59.90, 25.80);
  first.flags = kPositionLate;
  store->add_position({1, first, 0});
  store->add_position({1, point(60, 59.90, 25.85), 0});
  ASSERT_TRUE(store->commit().ok());

  // Two stored reports again (not flagged this time), two new ones, and one
  // new report twice within the batch.
  store->add_position({1, point(0, 59.90, 25.80), 0});
  store->add_position({1, point(60, 59.90, 25.85), 0});
  store->add_position({1, point(120, 59.90, 25.90), 0});
  auto twice = point(180, 59.90, 26.20);
  store->add_position({1, twice, 0});
  auto again = twice;
  again.lat_e7 += 1000;
  store->add_position({1, again, 0});
  store->add_position({2, point(0, 55.0, 12.0), 0});
  ASSERT_TRUE(store->commit().ok()) << store->write_status().message();

  EXPECT_EQ(store->counts().value().positions, 5u);
  auto track = store->track(1, {at(0), at(1000)}).value();
  ASSERT_EQ(track.size(), 4u);
  EXPECT_EQ(track[0].point.flags, kPositionLate) << "the stored report was replaced";
  EXPECT_EQ(track[3].point.lat_e7, twice.lat_e7) << "the second copy in a batch won";
  // The new segment across 26.0 E is findable, as is the new vessel.
  auto found = store->candidates({59.85, 25.95, 59.95, 26.05}, {at(0), at(1000)}).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mmsi, 1u);
  EXPECT_EQ(found[0].to_ms, at(180));
  EXPECT_EQ(store->candidates({54.9, 11.9, 55.1, 12.1}, {at(0), at(0)}).value().size(), 1u);
  auto v = store->vessel(1).value();
  ASSERT_TRUE(v);
  EXPECT_EQ(v->first_seen_ms, at(0));
  EXPECT_EQ(v->last_seen_ms, at(180));
}

TEST_F(PostgresStoreTest, TwoWritersShareOneDatabaseWithoutCollidingChunks) {
  auto a = open();
  auto b = open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  a->add_position({11, point(0, 59.0, 20.0), 0});
  b->add_position({22, point(0, 59.0, 20.5), 0});
  ASSERT_TRUE(a->commit().ok());
  ASSERT_TRUE(b->commit().ok());
  a->add_position({11, point(60, 59.0, 20.1), 0});
  b->add_position({22, point(60, 59.0, 20.6), 0});
  ASSERT_TRUE(b->commit().ok());
  ASSERT_TRUE(a->commit().ok());
  EXPECT_EQ(a->counts().value().chunks, 2u);
  auto found = b->candidates({58.9, 19.9, 59.1, 20.7}, {at(0), at(60)}).value();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].mmsi, 11u);
  EXPECT_EQ(found[0].to_ms, at(60));
  EXPECT_EQ(found[1].mmsi, 22u);
  EXPECT_EQ(found[1].to_ms, at(60));
}

TEST_F(PostgresStoreTest, TextPostgresWouldRefuseIsStoredCleaned) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  store->add_audit(
      {at(1), std::string("eve\0il", 6), "GBR", "GET /api/vessels", "name=\xFF\tx\ny\\z", "ok", 0, "", ""});
  VesselRow v;
  v.mmsi = 3;
  v.statics.name.assign("TAB\tNAME");
  v.statics.updated_ms = at(1);
  v.first_seen_ms = v.last_seen_ms = at(1);
  store->put_vessel(v);
  ASSERT_TRUE(store->commit().ok()) << store->write_status().message();
  auto rows = store->audit({at(0), at(2)}, 10).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].principal, "eveil");
  EXPECT_EQ(rows[0].target, "name=?\tx\ny\\z");
  ASSERT_TRUE(store->vessel(3).value());
  EXPECT_EQ(store->vessel(3).value()->statics.name.view(), "TAB\tNAME");
}

TEST_F(PostgresStoreTest, ACommitThatFailsStopsTheStoreAndSaysWhy) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  store->add_position({1, point(0, 50.0, 1.0), 0});
  ASSERT_TRUE(store->commit().ok());
  ASSERT_EQ(query("DROP TABLE chunks"), "");
  store->add_position({1, point(60, 50.0, 1.1), 0});
  Status s = store->commit();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("chunks"), std::string::npos) << s.message();
  EXPECT_FALSE(store->write_status().ok());
  // Nothing of the failed batch was kept.
  EXPECT_EQ(query("SELECT count(*) FROM positions"), "1");
}

}  // namespace
}  // namespace lookout::store
