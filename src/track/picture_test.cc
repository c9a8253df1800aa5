#include "track/picture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/geodesy.h"

namespace lookout::track {
namespace {

constexpr int64_t kT0 = 1735120800000;  // 2024-12-25T10:00:00Z

AisObservation position(uint32_t mmsi, int64_t t_ms, double lat, double lon, double sog_kn,
                        double cog = 90, uint8_t status = 0) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 1;
  obs.msg.mmsi = mmsi;
  ais::PositionReportA r;
  r.pos.lat = static_cast<int32_t>(std::lround(lat * 600000));
  r.pos.lon = static_cast<int32_t>(std::lround(lon * 600000));
  r.speed = static_cast<uint16_t>(std::lround(sog_kn * 10));
  r.course = static_cast<uint16_t>(std::lround(cog * 10));
  r.heading = static_cast<uint16_t>(cog);
  r.status = status;
  obs.msg.body = r;
  return obs;
}

AisObservation static_data(uint32_t mmsi, int64_t t_ms, uint32_t imo, std::string_view name) {
  AisObservation obs;
  obs.time = from_unix_ms(t_ms);
  obs.msg.type = 5;
  obs.msg.mmsi = mmsi;
  ais::StaticVoyageData s;
  s.imo = imo;
  s.shipname.assign(name);
  s.shiptype = 80;
  s.dim = {200, 28, 16, 16};
  obs.msg.body = s;
  return obs;
}

// 10 kn due east at 60 N is about 0.000333 degrees of longitude per second.
double lon_after(double lon0, double seconds, double kn = 10, double lat = 60) {
  return lon0 + kn * 1852.0 / 3600.0 * seconds / metres_per_deg_lon(lat);
}

TEST(Picture, AcceptsConsecutivePositionsAndMeasuresImpliedSpeed) {
  Picture pic;
  auto u1 = pic.apply(position(230000001, kT0, 60, 25, 10), Timestamp{});
  EXPECT_EQ(u1.kind, UpdateKind::kPosition);
  EXPECT_FALSE(u1.has_previous);
  auto u2 = pic.apply(position(230000001, kT0 + 60000, 60, lon_after(25, 60), 10), Timestamp{});
  EXPECT_EQ(u2.kind, UpdateKind::kPosition);
  ASSERT_TRUE(u2.has_previous);
  EXPECT_NEAR(u2.implied_speed_kn(), 10.0, 0.05);
  EXPECT_NEAR(u2.distance_m(), 10 * 1852.0 / 60, 2);
  const Vessel* v = pic.find(230000001);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->positions, 2u);
  EXPECT_EQ(v->cls, VesselClass::kClassA);
  EXPECT_EQ(v->last.time_ms, kT0 + 60000);
}

TEST(Picture, DropsTheSameReportHeardByTwoStations) {
  Picture pic;
  (void)pic.apply(position(1, kT0, 60, 25, 10), Timestamp{});
  auto u = pic.apply(position(1, kT0 + 1000, 60, 25, 10), Timestamp{});
  EXPECT_EQ(u.kind, UpdateKind::kDuplicate);
  EXPECT_EQ(pic.find(1)->positions, 1u);
}

TEST(Picture, KeepsLateReportsInHistoryButNotAsLastPosition) {
  PictureParams params;
  params.history_interval = std::chrono::seconds(0);
  Picture pic(params);
  (void)pic.apply(position(1, kT0, 60, 25, 10), Timestamp{});
  (void)pic.apply(position(1, kT0 + 120000, 60, lon_after(25, 120), 10), Timestamp{});
  auto u = pic.apply(position(1, kT0 + 60000, 60, lon_after(25, 60), 10), Timestamp{});
  EXPECT_EQ(u.kind, UpdateKind::kLate);
  const Vessel* v = pic.find(1);
  EXPECT_EQ(v->last.time_ms, kT0 + 120000);
  std::vector<TrackPoint> h;
  auto hist = pic.history(*v, h);
  ASSERT_EQ(hist.size(), 3u);
  EXPECT_EQ(hist[1].time_ms, kT0 + 60000);
  EXPECT_TRUE(std::is_sorted(hist.begin(), hist.end(),
                             [](const TrackPoint& a, const TrackPoint& b) { return a.time_ms < b.time_ms; }));
}

TEST(Picture, LateReportsIntoAFullHistoryStayInsideTheVesselsOwnRing) {
  // Regression: a late report into a full history once wrote one point past
  // the vessel's ring, into the next vessel's history (or past the pool).
  PictureParams params;
  params.history_points = 4;
  params.history_interval = std::chrono::seconds(30);
  Picture pic(params);
  for (int i = 0; i < 20; ++i) {  // every 10 s: thinned, so the last point is not in the ring
    (void)pic.apply(position(1, kT0 + i * 10000LL, 60, lon_after(25, i * 10.0), 10), Timestamp{});
  }
  (void)pic.apply(position(2, kT0, 61, 25, 10), Timestamp{});
  auto u = pic.apply(position(1, kT0 + 175000, 60, lon_after(25, 175), 10), Timestamp{});
  EXPECT_EQ(u.kind, UpdateKind::kLate);
  std::vector<TrackPoint> h;
  auto hist = pic.history(*pic.find(1), h);
  ASSERT_EQ(hist.size(), 5u);  // 4 kept points and the last position
  EXPECT_TRUE(std::is_sorted(hist.begin(), hist.end(),
                             [](const TrackPoint& a, const TrackPoint& b) { return a.time_ms < b.time_ms; }));
  EXPECT_NE(std::find_if(hist.begin(), hist.end(),
                         [](const TrackPoint& q) { return q.time_ms == kT0 + 175000; }),
            hist.end());
  std::vector<TrackPoint> h2;
  auto other = pic.history(*pic.find(2), h2);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].lat_e7, 610000000) << "the other vessel's history was overwritten";
}

TEST(Picture, SetsAsideAPositionNoShipCouldReach) {
  Picture pic;
  (void)pic.apply(position(1, kT0, 60, 25, 10), Timestamp{});
  // One minute later, 1 degree of latitude away: about 3,600 knots.
  auto u = pic.apply(position(1, kT0 + 60000, 61, 25, 10), Timestamp{});
  EXPECT_EQ(u.kind, UpdateKind::kJump);
  EXPECT_GT(u.implied_speed_kn(), 3000);
  const Vessel* v = pic.find(1);
  EXPECT_EQ(v->last.lat_e7, 600000000);
  EXPECT_EQ(v->rejected.lat_e7, 610000000);
  EXPECT_EQ(v->rejected_count, 1u);
  // The vessel continues from where it really was.
  auto next = pic.apply(position(1, kT0 + 120000, 60, lon_after(25, 120), 10), Timestamp{});
  EXPECT_EQ(next.kind, UpdateKind::kPosition);
}

TEST(Picture, MergesStaticDataAndFlagsIdentityChanges) {
  Picture pic;
  auto u1 = pic.apply(static_data(1, kT0, 9329760, "EAGLE S"), Timestamp{});
  EXPECT_EQ(u1.kind, UpdateKind::kStatic);
  EXPECT_FALSE(u1.imo_changed);
  EXPECT_FALSE(u1.name_changed);
  auto u2 = pic.apply(static_data(1, kT0 + 1000, 9329761, "EAGLE SS"), Timestamp{});
  EXPECT_TRUE(u2.imo_changed);
  EXPECT_EQ(u2.old_imo, 9329760u);
  EXPECT_TRUE(u2.name_changed);
  EXPECT_EQ(u2.old_name.view(), "EAGLE S");
  const Vessel* v = pic.find(1);
  EXPECT_EQ(v->statics.imo, 9329761u);
  EXPECT_EQ(v->statics.name.view(), "EAGLE SS");
  EXPECT_EQ(v->statics.length_m(), 228);
}

TEST(Picture, ThinsAndBoundsTheHistory) {
  PictureParams params;
  params.history_points = 8;
  params.history_interval = std::chrono::seconds(30);
  Picture pic(params);
  for (int i = 0; i < 600; ++i) {  // one report every 10 s for 100 minutes
    (void)pic.apply(position(1, kT0 + i * 10000LL, 60, lon_after(25, i * 10.0), 10), Timestamp{});
  }
  std::vector<TrackPoint> h;
  auto hist = pic.history(*pic.find(1), h);
  ASSERT_EQ(hist.size(), 9u);  // 8 thinned points and the last position
  for (std::size_t i = 1; i + 1 < hist.size(); ++i) {
    EXPECT_GE(hist[i].time_ms - hist[i - 1].time_ms, 30000);
  }
  EXPECT_EQ(hist.back().time_ms, kT0 + 599 * 10000LL);
}

TEST(Picture, HoldsCruiseSpeedThroughASlowdown) {
  Picture pic;
  int64_t t = kT0;
  double lon = 25;
  for (int i = 0; i < 180; ++i, t += 10000) {  // 30 minutes at 8.5 kn
    lon = lon_after(lon, 10, 8.5);
    (void)pic.apply(position(1, t, 60, lon, 8.5), Timestamp{});
  }
  EXPECT_NEAR(pic.find(1)->cruise_kn, 8.5, 0.05);
  for (int i = 0; i < 210; ++i, t += 10000) {  // 35 minutes at 6.3 kn
    lon = lon_after(lon, 10, 6.3);
    (void)pic.apply(position(1, t, 60, lon, 6.3), Timestamp{});
  }
  EXPECT_NEAR(pic.find(1)->cruise_kn, 8.5, 0.05) << "cruise must not follow the slowdown";
}

TEST(Picture, ManyVesselsKeepTheirPlaceAndTheirOwnHistoryAsThePictureGrows) {
  // Storage grows in chunks that never move: a vessel found before thousands
  // of others arrived is still where it was, and every history is its own.
  PictureParams params;
  params.history_points = 4;
  params.history_interval = std::chrono::seconds(30);
  Picture pic(params);
  constexpr uint32_t kVessels = 3000;  // several chunks
  (void)pic.apply(position(1, kT0 - 60000, 50.001, 9.99, 5), Timestamp{});
  const Vessel* first = pic.find(1);
  for (int round = 0; round < 6; ++round) {
    for (uint32_t m = 1; m <= kVessels; ++m) {
      (void)pic.apply(position(m, kT0 + round * 60000LL + m, 50 + m * 1e-3, 10 + round * 1e-2, 5), Timestamp{});
    }
  }
  EXPECT_EQ(pic.size(), kVessels);
  EXPECT_EQ(pic.find(1), first);
  std::vector<TrackPoint> h;
  for (uint32_t m = 1; m <= kVessels; m += 97) {
    auto hist = pic.history(*pic.find(m), h);
    ASSERT_EQ(hist.size(), 4u) << m;  // the ring keeps the last four rounds
    for (std::size_t i = 0; i < hist.size(); ++i) {
      EXPECT_NEAR(hist[i].pos().lat, 50 + m * 1e-3, 1e-6) << m;
      EXPECT_NEAR(hist[i].pos().lon, 10 + (2 + static_cast<double>(i)) * 1e-2, 1e-6) << m;
    }
  }
}

TEST(Picture, ForgetsTheStalestVesselWhenFull) {
  PictureParams params;
  params.max_vessels = 3;
  Picture pic(params);
  for (uint32_t m = 1; m <= 3; ++m) (void)pic.apply(position(m, kT0 + m * 1000, 60, 25, 5), Timestamp{});
  (void)pic.apply(position(4, kT0 + 9000, 60, 25, 5), Timestamp{});
  EXPECT_EQ(pic.size(), 3u);
  EXPECT_EQ(pic.find(1), nullptr);
  EXPECT_NE(pic.find(4), nullptr);
}

TEST(Picture, AtTheBoundForgetsTheStalestSixtyFourthAtOnce) {
  // One at a time, each new MMSI at the bound cost a walk over the whole
  // picture; 1/64 at once makes it 64 slots' worth on average.
  PictureParams params;
  params.max_vessels = 640;
  Picture pic(params);
  // Heard in a shuffled order of time, so slot order is not age order.
  for (uint32_t m = 1; m <= 640; ++m) {
    const int64_t t = kT0 + static_cast<int64_t>((m * 379) % 640) * 1000;
    (void)pic.apply(position(m, t, 60, 25, 5), Timestamp{});
  }
  ASSERT_EQ(pic.size(), 640u);
  (void)pic.apply(position(100000, kT0 + 700 * 1000, 60, 25, 5), Timestamp{});
  EXPECT_EQ(pic.size(), 631u);  // 10 forgotten, 1 added
  std::size_t gone = 0;
  for (uint32_t m = 1; m <= 640; ++m) {
    const bool stalest = (m * 379) % 640 < 10;  // heard in the first 10 s
    EXPECT_EQ(pic.find(m) == nullptr, stalest) << m;
    gone += pic.find(m) == nullptr ? 1 : 0;
  }
  EXPECT_EQ(gone, 10u);
  ASSERT_NE(pic.find(100000), nullptr);
  // The next nine new vessels take the freed slots without forgetting more.
  for (uint32_t m = 100001; m <= 100009; ++m) (void)pic.apply(position(m, kT0 + 701 * 1000, 60, 25, 5), Timestamp{});
  EXPECT_EQ(pic.size(), 640u);
  std::vector<TrackPoint> h;
  EXPECT_EQ(pic.history(*pic.find(100009), h).size(), 1u);  // a reused slot starts clean
}

TEST(Picture, ExpiresVesselsSilentBeyondRetention) {
  Picture pic;
  (void)pic.apply(position(1, kT0, 60, 25, 5), Timestamp{});
  (void)pic.apply(position(2, kT0 + 25 * 3600 * 1000LL, 60, 25, 5), Timestamp{});
  EXPECT_EQ(pic.expire(from_unix_ms(kT0 + 25 * 3600 * 1000LL)), 1u);
  EXPECT_EQ(pic.find(1), nullptr);
  EXPECT_NE(pic.find(2), nullptr);
  // The freed slot is reused with a clean history.
  (void)pic.apply(position(3, kT0 + 26 * 3600 * 1000LL, 61, 25, 5), Timestamp{});
  std::vector<TrackPoint> h;
  EXPECT_EQ(pic.history(*pic.find(3), h).size(), 1u);
}

TEST(Picture, UsesTheFallbackTimeWhenTheDataHasNone) {
  Picture pic;
  auto obs = position(1, kT0, 60, 25, 5);
  obs.time.reset();
  auto u = pic.apply(obs, from_unix_ms(kT0 + 5000));
  EXPECT_EQ(u.point.time_ms, kT0 + 5000);
}

TEST(Picture, IgnoresMessagesWithoutVesselState) {
  Picture pic;
  AisObservation obs;
  obs.msg.type = 20;
  obs.msg.mmsi = 2190047;
  EXPECT_EQ(pic.apply(obs, Timestamp{}).kind, UpdateKind::kIgnored);
  EXPECT_EQ(pic.size(), 0u);
}

// The hop distance is computed with one sine and cosine for both degree
// scales; it must stay bit for bit what the geodesy functions give, since
// detector evidence and the replay determinism test see it.
TEST(Picture, HopDistanceIsExactlyThePlanarDistanceOfTheGeodesyScales) {
  const double lats[] = {-71.3, -33.9, 0.0, 12.5, 54.7, 59.4421, 60.0, 78.2};
  for (double lat : lats) {
    Picture pic;
    const uint32_t mmsi = 230000100;
    pic.apply(position(mmsi, kT0, lat, 20.1234567, 8), Timestamp{});
    auto u = pic.apply(position(mmsi, kT0 + 600000, lat + 0.0123, 20.1534567, 8), Timestamp{});
    ASSERT_EQ(u.kind, UpdateKind::kPosition) << lat;
    const double lat_a = u.previous.lat_e7 * 1e-7, lat_b = u.point.lat_e7 * 1e-7;
    const double mid = 0.5 * (lat_a + lat_b);
    const double dn = (lat_b - lat_a) * metres_per_deg_lat(mid);
    const double de = (u.point.lon_e7 - u.previous.lon_e7) * 1e-7 * metres_per_deg_lon(mid);
    EXPECT_EQ(u.distance_m(), std::sqrt(dn * dn + de * de)) << lat;
  }
}

// Hops past 20 km are judged by the cheap great-circle bound, the geodesic
// only where 1% could change the answer: just short of the speed limit and
// just past it, the kind is still the geodesic's, and so is the distance.
TEST(Picture, LongHopsNearTheSpeedLimitAreJudgedByTheGeodesic) {
  const int64_t dt_ms = 1000 * 1000;
  const double limit_m = 60 * 1852.0 / 3600.0 * 1000;  // 60 kn for 1000 s: 30.9 km
  uint32_t mmsi = 230000200;
  for (double factor : {0.997, 1.003, 0.5, 40.0}) {
    Picture pic;
    const LatLon a{59.5, 24.0};
    const LatLon b = destination(a, 45, limit_m * factor);
    pic.apply(position(mmsi, kT0, a.lat, a.lon, 8), Timestamp{});
    auto u = pic.apply(position(mmsi, kT0 + dt_ms, b.lat, b.lon, 8), Timestamp{});
    EXPECT_EQ(u.kind, factor < 1 ? UpdateKind::kPosition : UpdateKind::kJump) << factor;
    const double geodesic = distance_m(u.previous.pos(), u.point.pos());
    EXPECT_GE(u.distance_bound_m(), geodesic) << factor;
    EXPECT_EQ(u.distance_m(), factor < 20000 / limit_m ? hop_m(u.previous, u.point) : geodesic) << factor;
    EXPECT_EQ(u.implied_speed_kn(), u.distance_m() / 1000 * 3600 / 1852) << factor;
    ++mmsi;
  }
}

// Short hops are judged by bounds on the planar distance where they settle
// it, measured where they do not: on either side of the 2 km floor, north or
// east, at the equator and far north, the kind is the measured distance's.
TEST(Picture, ShortHopsNearTheJumpFloorAreJudgedByTheirDistance) {
  uint32_t mmsi = 230000300;
  for (double lat : {0.5, 59.5, 78.0}) {
    for (double bearing : {0.0, 90.0, 33.0}) {
      for (double metres : {150.0, 1980.0, 2020.0, 6000.0}) {
        Picture pic;
        const LatLon a{lat, 24.0};
        const LatLon b = destination(a, bearing, metres);
        pic.apply(position(mmsi, kT0, a.lat, a.lon, 8), Timestamp{});
        auto u = pic.apply(position(mmsi, kT0 + 10'000, b.lat, b.lon, 8), Timestamp{});
        const double d = hop_m(u.previous, u.point);
        EXPECT_EQ(u.kind, d > 2000 ? UpdateKind::kJump : UpdateKind::kPosition) << lat << " " << bearing << " " << metres;
        EXPECT_EQ(u.distance_m(), d);
        EXPECT_EQ(u.implied_speed_kn(), d / 10 * 3600 / 1852);
        ++mmsi;
      }
    }
  }
}

// A duplicate (same place within the window) reports a hop of exactly 0 m.
TEST(Picture, DuplicateHasZeroDistance) {
  Picture pic;
  pic.apply(position(230000101, kT0, 55.5, 12.5, 8), Timestamp{});
  auto u = pic.apply(position(230000101, kT0 + 2000, 55.5, 12.5, 8), Timestamp{});
  EXPECT_EQ(u.kind, UpdateKind::kDuplicate);
  EXPECT_EQ(u.distance_m(), 0.0);
}

// Many vessels come and go: the lookups stay right after vessels are
// forgotten and their slots reused.
TEST(Picture, FindsEveryVesselAfterExpiryAndReuse) {
  PictureParams params;
  params.retention = std::chrono::hours(1);
  Picture pic(params);
  for (uint32_t k = 0; k < 3000; ++k) {
    pic.apply(position(200000000 + k * 7919, kT0 + (k % 2) * 7200000, 55, 12, 5), Timestamp{});
  }
  EXPECT_EQ(pic.size(), 3000u);
  EXPECT_EQ(pic.expire(from_unix_ms(kT0 + 7200000 + 1000)), 1500u);
  for (uint32_t k = 0; k < 3000; ++k) {
    const Vessel* v = pic.find(200000000 + k * 7919);
    if (k % 2 == 0) {
      EXPECT_EQ(v, nullptr) << k;
    } else {
      ASSERT_NE(v, nullptr) << k;
      EXPECT_EQ(v->mmsi, 200000000 + k * 7919);
    }
  }
  for (uint32_t k = 0; k < 1000; ++k) {
    pic.apply(position(300000000 + k, kT0 + 7300000, 56, 13, 5), Timestamp{});
  }
  EXPECT_EQ(pic.size(), 2500u);
  std::size_t seen = 0;
  pic.for_each([&](const Vessel& v) {
    ++seen;
    EXPECT_EQ(pic.find(v.mmsi), &v);
  });
  EXPECT_EQ(seen, 2500u);
}

}  // namespace
}  // namespace lookout::track
