// CotPublisher over real pictures of two partitions (a DNK-only one and a
// JEF one) and a recording sink: release per output nation, alerts first,
// the rate limit, coalescing by uid, deletes, resync.
#include "server/cot/cot_publisher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "decode/cot/parser.h"
#include "geo/asset_index.h"
#include "server/api/node_view.h"
#include "store/store.h"
#include "tests/cot/cot_test_support.h"
#include "track/air/air_tracker.h"
#include "track/air/cooperative_picture.h"
#include "track/picture.h"

namespace lookout::server::cot {
namespace {

using namespace lookout::cot_testing;
using Clock = std::chrono::steady_clock;

class TwoPartitionNode final : public NodeView {
 public:
  TwoPartitionNode() : assets_(std::vector<Asset>{}) {
    dir_ = std::filesystem::temp_directory_path() / ("lookout-cot-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::string error;
    store_ = store::open_store((dir_ / "h.db").string(), {}, error);
  }
  ~TwoPartitionNode() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string_view node_name() const override { return "dk1"; }
  Timestamp now() const override { return now_; }
  std::vector<PartitionView> partitions() const override {
    return {{&dnk_only_, &pictures_[0], nullptr, 0, nullptr, nullptr, nullptr},
            {&jef_, &pictures_[1], nullptr, 0, &tracker_, nullptr, &cooperative_}};
  }
  const AssetIndex& assets() const override { return assets_; }
  store::Store& store() override { return *store_; }
  void sync_store() override { (void)store_->commit(); }
  void write_metrics(std::string&, const Principal&) const override {}

  track::Picture& picture(std::size_t p) { return pictures_[p]; }
  air::CooperativePicture& cooperative() { return cooperative_; }
  Timestamp now_ = from_unix_ms(kT0);
  const Marking dnk_only_{"DNK", {}};
  const Marking jef_{"SWE", {"JEF"}};

 private:
  track::Picture pictures_[2];
  air::AirTracker tracker_;               // the JEF partition's air picture (no sensors)
  air::CooperativePicture cooperative_;   // and its ADS-B targets
  AssetIndex assets_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

class RecordingSink final : public CotSink {
 public:
  bool ready() const override { return up; }
  bool send(std::string_view event) override {
    auto e = lookout::cot::parse_event(event);
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message()) << "\n" << event;
    if (e.ok()) events.push_back(std::move(e.value()));
    return true;
  }
  std::vector<lookout::cot::CotEvent> events;
  bool up = true;
};

CotOutputConfig config(std::string nation, double rate = 1000) {
  CotOutputConfig c;
  c.name = "tak-" + nation;
  c.nation = std::move(nation);
  c.max_events_per_second = rate;
  return c;
}

class CotPublisherTest : public ::testing::Test {
 protected:
  void see(std::size_t p, const AisObservation& obs, std::vector<CotPublisher*> pubs) {
    auto u = node_.picture(p).apply(obs, *obs.time);
    for (auto* pub : pubs) pub->vessel_changed(p, u.vessel->mmsi);
  }
  TwoPartitionNode node_;
  Clock::time_point wall_ = Clock::now();
};

TEST_F(CotPublisherTest, SendsEachNationOnlyWhatIsReleasedToIt) {
  RecordingSink dnk_sink, gbr_sink;
  CotPublisher dnk(config("DNK"), node_, dnk_sink), gbr(config("GBR"), node_, gbr_sink);
  see(0, position(219000001, kT0, 55.6, 12.6, 10), {&dnk, &gbr});  // DNK only
  see(1, position(265000001, kT0, 57.7, 11.8, 12), {&dnk, &gbr});  // JEF
  dnk.tick(wall_);
  gbr.tick(wall_);
  auto uids = [](const RecordingSink& s) {
    std::vector<std::string> out;
    for (const auto& e : s.events) out.push_back(e.uid);
    return out;
  };
  EXPECT_EQ(uids(dnk_sink), (std::vector<std::string>{"lookout.dk1.vessel.219000001", "lookout.dk1.vessel.265000001"}));
  EXPECT_EQ(uids(gbr_sink), (std::vector<std::string>{"lookout.dk1.vessel.265000001"}));
  // An alert on the DNK-only vessel is DNK's alone; the vessel turns
  // suspect only where the alert may go.
  auto a = make_alert("a1", "anchor_drag", 219000001, node_.dnk_only_);
  dnk.alert(0, a);
  gbr.alert(0, a);
  dnk.tick(wall_);
  gbr.tick(wall_);
  ASSERT_GE(dnk_sink.events.size(), 4u);
  EXPECT_EQ(dnk_sink.events[2].uid, "lookout.dk1.alert.a1");
  EXPECT_EQ(dnk_sink.events[2].type, "b-a-g");
  EXPECT_EQ(dnk_sink.events[3].uid, "lookout.dk1.vessel.219000001");
  EXPECT_EQ(dnk_sink.events[3].type, "a-s-S-X-M");
  EXPECT_EQ(gbr_sink.events.size(), 1u);
}

TEST_F(CotPublisherTest, AnAlertThatNamesAHiddenAssetStaysHidden) {
  // The alert's marking is derived (alert.h): on a JEF vessel over a
  // DNK-only asset it is DNK-only, and GBR gets neither it nor a suspect type.
  RecordingSink gbr_sink;
  CotPublisher gbr(config("GBR"), node_, gbr_sink);
  see(1, position(265000001, kT0, 57.7, 11.8, 12), {&gbr});
  gbr.tick(wall_);
  gbr.alert(1, make_alert("a2", "loitering", 265000001, {"DNK", {}}));
  see(1, position(265000001, kT0 + 10'000, 57.701, 11.8, 12), {&gbr});
  gbr.tick(wall_);
  ASSERT_EQ(gbr_sink.events.size(), 2u);
  for (const auto& e : gbr_sink.events) {
    EXPECT_EQ(e.type, "a-u-S-X-M");
    EXPECT_EQ(e.remarks->find("alert"), std::string::npos);
  }
}

TEST_F(CotPublisherTest, AlertsGoFirstAndTheRateLimitHolds) {
  RecordingSink sink;
  CotPublisher pub(config("DNK", 4), node_, sink);  // 4 events/s, a bucket of 4
  pub.tick(wall_);
  for (uint32_t i = 0; i < 10; ++i) see(0, position(219000100 + i, kT0, 55.6, 12.0 + i * 0.01, 10), {&pub});
  pub.alert(0, make_alert("a3", "ais_gap", 219000105, node_.dnk_only_));
  pub.tick(wall_);
  ASSERT_EQ(sink.events.size(), 4u);
  EXPECT_EQ(sink.events[0].uid, "lookout.dk1.alert.a3");
  EXPECT_EQ(sink.events[1].uid, "lookout.dk1.vessel.219000100");
  pub.tick(wall_ + std::chrono::milliseconds(500));  // two more tokens
  EXPECT_EQ(sink.events.size(), 6u);
  pub.tick(wall_ + std::chrono::seconds(60));  // the bucket holds 4, not 240
  EXPECT_EQ(sink.events.size(), 10u);
  EXPECT_EQ(pub.waiting(), 1u);
  EXPECT_GE(pub.stats().rate_limited, 2u);
}

TEST_F(CotPublisherTest, CoalescesAVesselToItsLatestState) {
  RecordingSink sink;
  CotPublisher pub(config("DNK", 1), node_, sink);
  pub.tick(wall_);
  see(0, position(219000001, kT0, 55.6, 12.60, 10), {&pub});
  pub.tick(wall_);  // the one token
  for (int i = 1; i <= 10; ++i) see(0, position(219000001, kT0 + i * 10'000, 55.6, 12.60 + i * 0.001, 10), {&pub});
  pub.tick(wall_ + std::chrono::seconds(1));
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_NEAR(sink.events[1].point.lon, 12.61, 1e-6);  // the last report, not the first waiting
  EXPECT_EQ(sink.events[1].time, from_unix_ms(kT0 + 100'000));
  EXPECT_EQ(pub.stats().coalesced, 9u);
}

TEST_F(CotPublisherTest, WatchListedIsHostileAndARetractionDeletesTheAlert) {
  RecordingSink sink;
  CotPublisher pub(config("DNK"), node_, sink);
  see(0, position(219000001, kT0, 55.6, 12.6, 10), {&pub});
  pub.tick(wall_);
  pub.alert(0, make_alert("w1", "watchlist", 219000001, node_.dnk_only_));
  pub.tick(wall_);
  ASSERT_EQ(sink.events.size(), 3u);
  EXPECT_EQ(sink.events[2].type, "a-h-S-X-M");
  EXPECT_NE(sink.events[2].remarks->find("watch-listed"), std::string::npos);
  pub.alert(0, make_alert("w1", "watchlist", 219000001, node_.dnk_only_, alert::AlertState::kRetracted));
  pub.tick(wall_);
  ASSERT_EQ(sink.events.size(), 5u);
  EXPECT_EQ(sink.events[3].type, "t-x-d-d");
  EXPECT_EQ(sink.events[3].uid, "lookout.dk1.alert.w1");
  ASSERT_EQ(sink.events[3].links.size(), 1u);
  EXPECT_EQ(sink.events[3].links[0].uid, "lookout.dk1.alert.w1");
  EXPECT_TRUE(sink.events[3].force_delete);
  EXPECT_EQ(sink.events[4].type, "a-u-S-X-M");
}

TEST_F(CotPublisherTest, AWithdrawnAlertIsDeletedForTheNationThatLostIt) {
  RecordingSink sink;
  CotPublisher gbr(config("GBR"), node_, sink);
  see(1, position(265000001, kT0, 57.7, 11.8, 12), {&gbr});
  gbr.alert(1, make_alert("a4", "loitering", 265000001, node_.jef_));
  gbr.tick(wall_);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[0].type, "b-a-g");
  // The alert now names a DNK-only asset: its next state is DNK's only.
  gbr.alert(1, make_alert("a4", "loitering", 265000001, {"SWE", {"DNK"}}, alert::AlertState::kUpdate));
  gbr.tick(wall_);
  ASSERT_EQ(sink.events.size(), 4u);
  EXPECT_EQ(sink.events[2].type, "t-x-d-d");
  EXPECT_EQ(sink.events[2].uid, "lookout.dk1.alert.a4");
  EXPECT_EQ(sink.events[3].type, "a-u-S-X-M");
}

TEST_F(CotPublisherTest, AVesselThePictureForgetsIsDeleted) {
  RecordingSink sink;
  CotPublisher pub(config("DNK"), node_, sink);
  see(0, position(219000001, kT0, 55.6, 12.6, 10), {&pub});
  pub.tick(wall_);
  ASSERT_EQ(sink.events.size(), 1u);
  node_.picture(0).expire(from_unix_ms(kT0) + std::chrono::hours(25));
  pub.tick(wall_ + std::chrono::seconds(6));
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[1].type, "t-x-d-d");
  EXPECT_EQ(sink.events[1].uid, "lookout.dk1.vessel.219000001");
}

TEST_F(CotPublisherTest, WaitsWhileTheSinkIsDownAndResendsThePictureWhenItIsBack) {
  RecordingSink sink;
  sink.up = false;
  CotPublisher pub(config("DNK"), node_, sink);
  see(0, position(219000001, kT0, 55.6, 12.6, 10), {&pub});
  see(0, position(219000002, kT0, 55.7, 12.6, 10), {&pub});
  pub.alert(0, make_alert("a5", "ais_gap", 219000002, node_.dnk_only_));
  pub.tick(wall_);
  EXPECT_TRUE(sink.events.empty());
  EXPECT_EQ(pub.waiting(), 3u);
  sink.up = true;
  pub.tick(wall_ + std::chrono::seconds(1));
  ASSERT_EQ(sink.events.size(), 3u);  // coalesced: each object once
  EXPECT_EQ(sink.events[0].uid, "lookout.dk1.alert.a5");
  EXPECT_EQ(pub.stats().resyncs, 1u);
}

TEST_F(CotPublisherTest, AnAircraftHeardByAdsbIsSentAndDeletedWhenItFallsSilent) {
  RecordingSink nor_sink, usa_sink;
  CotPublisher nor(config("NOR"), node_, nor_sink), usa(config("USA"), node_, usa_sink);  // JEF; not JEF
  CooperativeReport r;
  r.time = from_unix_ms(kT0);
  r.source = CooperativeSource::kAdsb;
  r.id.assign("4AB179");
  r.position = LatLon{55.6, 12.6};
  r.alt_m = 3000;
  r.ground_speed_mps = 120;
  r.course_deg = 90;
  r.callsign.assign("SAS123");
  ASSERT_TRUE(node_.cooperative().observe(r));
  nor.tick(wall_);
  usa.tick(wall_);
  ASSERT_EQ(nor_sink.events.size(), 1u);
  const lookout::cot::CotEvent e = nor_sink.events[0];  // a copy: the vector grows
  EXPECT_EQ(e.type, "a-n-A-C-F");
  EXPECT_EQ(e.how, "m-r");
  EXPECT_EQ(e.callsign, "SAS123");
  EXPECT_EQ(e.uid.rfind("lookout.dk1.air.1.", 0), 0u) << e.uid;
  EXPECT_NEAR(e.point.hae, 3000, 0.1);
  EXPECT_NEAR(*e.speed_mps, 120, 0.01);
  nor.tick(wall_ + std::chrono::seconds(1));  // nothing new: nothing sent
  EXPECT_EQ(nor_sink.events.size(), 1u);
  node_.cooperative().advance(from_unix_ms(kT0) + std::chrono::minutes(2));
  nor.tick(wall_ + std::chrono::seconds(2));
  ASSERT_EQ(nor_sink.events.size(), 2u);
  EXPECT_EQ(nor_sink.events[1].type, "t-x-d-d");
  EXPECT_EQ(nor_sink.events[1].uid, e.uid);
  EXPECT_TRUE(usa_sink.events.empty());
}

}  // namespace
}  // namespace lookout::server::cot
