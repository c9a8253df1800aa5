#include "core/geodesy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

namespace lookout {
namespace {

TEST(Geodesy, OneDegreeOfLatitudeAtTheEquatorIsTheKnownMeridianArc) {
  // WGS84 meridian arc from 0 to 1 degree north: 110,574.4 m.
  EXPECT_NEAR(distance_m({0, 0}, {1, 0}), 110574.4, 0.1);
  // One degree along the equator: a * pi / 180 = 111,319.49 m.
  EXPECT_NEAR(distance_m({0, 0}, {0, 1}), 111319.49, 0.01);
}

TEST(Geodesy, DistanceIsSymmetricAndNonNegative) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(-89, 89), lon(-180, 180);
  for (int i = 0; i < 1000; ++i) {
    LatLon a{lat(rng), lon(rng)};
    LatLon b{lat(rng), lon(rng)};
    const double ab = distance_m(a, b);
    EXPECT_GE(ab, 0);
    EXPECT_NEAR(ab, distance_m(b, a), 1e-6);
  }
  EXPECT_EQ(distance_m({59.9, 24.9}, {59.9, 24.9}), 0);
}

// The great circle is a bound callers widen by 1% on either side: it must
// stay within 0.6% of the geodesic, short and long, at every latitude.
TEST(Geodesy, GreatCircleStaysWithinItsBoundOfTheGeodesic) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> lat(-89.9, 89.9), lon(-180, 180), unit(0, 1);
  for (int i = 0; i < 20000; ++i) {
    LatLon a{lat(rng), lon(rng)};
    // Half the pairs far apart, half within a few hundred kilometres.
    LatLon b = i % 2 == 0 ? LatLon{lat(rng), lon(rng)} : destination(a, 360 * unit(rng), 20000 + 500000 * unit(rng));
    const double geodesic = distance_m(a, b);
    if (geodesic < 1) continue;
    const double ratio = great_circle_m(a, b) / geodesic;
    EXPECT_GT(ratio, 0.994) << a.lat << "," << a.lon << " " << b.lat << "," << b.lon;
    EXPECT_LT(ratio, 1.006) << a.lat << "," << a.lon << " " << b.lat << "," << b.lon;
  }
}

// degree_scale() evaluates its own sine and cosine; it must agree with the
// textbook expressions over libm to a few ulp at every latitude.
TEST(Geodesy, DegreeScalesAgreeWithTheLibmExpressions) {
  const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), k = std::acos(-1.0) / 180;
  for (double lat = -90; lat <= 90; lat += 0.0137) {
    const double s = std::sin(lat * k), c = std::cos(lat * k), w = 1 - e2 * s * s;
    const double lat_m = a * (1 - e2) / (w * std::sqrt(w)) * k;
    const double lon_m = a / std::sqrt(w) * c * k;
    const DegreeScale scale = degree_scale(lat);
    EXPECT_NEAR(scale.lat_m, lat_m, 4e-15 * lat_m) << lat;
    EXPECT_NEAR(scale.lon_m, lon_m, 4e-15 * 111320) << lat;
  }
  EXPECT_NEAR(degree_scale(90).lon_m, 0, 1e-9);
  EXPECT_NEAR(degree_scale(120).lon_m, -degree_scale(60).lon_m, 1e-9);  // beyond 90: libm's path
}

TEST(Geodesy, BearingsPointTheWayTheyShould) {
  EXPECT_NEAR(initial_bearing_deg({59, 24}, {60, 24}), 0, 1e-9);
  EXPECT_NEAR(initial_bearing_deg({60, 24}, {59, 24}), 180, 1e-9);
  EXPECT_NEAR(initial_bearing_deg({0, 10}, {0, 11}), 90, 1e-9);
  EXPECT_NEAR(initial_bearing_deg({0, 11}, {0, 10}), 270, 1e-9);
  EXPECT_EQ(initial_bearing_deg({59, 24}, {59, 24}), 0);
  std::mt19937 rng(8);
  std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 180);
  for (int i = 0; i < 1000; ++i) {
    const double b = initial_bearing_deg({lat(rng), lon(rng)}, {lat(rng), lon(rng)});
    EXPECT_GE(b, 0);
    EXPECT_LT(b, 360);
  }
}

TEST(Geodesy, DestinationInvertsDistanceAndBearing) {
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 180);
  for (int i = 0; i < 1000; ++i) {
    LatLon a{lat(rng), lon(rng)};
    LatLon b{lat(rng), lon(rng)};
    LatLon c = destination(a, initial_bearing_deg(a, b), distance_m(a, b));
    EXPECT_LT(distance_m(b, c), 1e-3) << a.lat << "," << a.lon << " -> " << b.lat << "," << b.lon;
  }
  LatLon wrapped = destination({0, 179.5}, 90, 111319.49);
  EXPECT_NEAR(wrapped.lon, -179.5, 1e-6);
}

TEST(Geodesy, InvalidPositionsGiveNaN) {
  EXPECT_TRUE(std::isnan(distance_m({91, 0}, {0, 0})));
  EXPECT_TRUE(std::isnan(distance_m({0, 0}, {0, 181})));
  EXPECT_TRUE(std::isnan(initial_bearing_deg({NAN, 0}, {0, 0})));
  EXPECT_TRUE(std::isnan(destination({0, 0}, NAN, 10).lat));
  EXPECT_TRUE(std::isnan(destination({-95, 0}, 0, 10).lon));
}

TEST(LocalFrame, RoundTripsPositions) {
  LocalFrame f({59.9, 24.9});
  for (LatLon p : {LatLon{59.9, 24.9}, LatLon{60.3, 25.6}, LatLon{59.1, 23.2}}) {
    LatLon q = f.to_latlon(f.to_local(p));
    EXPECT_NEAR(q.lat, p.lat, 1e-12);
    EXPECT_NEAR(q.lon, p.lon, 1e-12);
  }
  EXPECT_EQ(f.to_local(f.origin()).east_m, 0);
  EXPECT_GT(f.to_local({59.9, 25.0}).east_m, 0);
  EXPECT_GT(f.to_local({60.0, 24.9}).north_m, 0);
}

// The largest relative error of LocalFrame distances against GeographicLib
// for points within `radius_m` of the origin: from the origin to each point
// (how the asset index uses a frame: centred on the query point), and
// between two such points.
struct FrameError {
  double from_origin = 0;
  double between = 0;
};

FrameError worst_relative_error(double lat, double radius_m) {
  std::mt19937 rng(static_cast<unsigned>(lat * 1000 + radius_m));
  std::uniform_real_distribution<double> bearing(0, 360), frac(0.05, 1);
  const LatLon origin{lat, 20};
  const LocalFrame f(origin);
  FrameError worst;
  for (int i = 0; i < 4000; ++i) {
    const LatLon a = destination(origin, bearing(rng), radius_m * frac(rng));
    const LatLon b = destination(origin, bearing(rng), radius_m * frac(rng));
    const double to_a = distance_m(origin, a);
    worst.from_origin = std::max(worst.from_origin, std::fabs(f.distance_m(origin, a) - to_a) / to_a);
    const double ab = distance_m(a, b);
    if (ab > radius_m / 20)
      worst.between = std::max(worst.between, std::fabs(f.distance_m(a, b) - ab) / ab);
  }
  return worst;
}

TEST(LocalFrame, DistanceErrorStaysWithinTheDocumentedBound) {
  // Bounds documented in geodesy.h, from the values this test prints.
  for (double lat : {0.0, 30.0, 55.0, 60.0, 65.0, 70.0}) {
    const FrameError e5 = worst_relative_error(lat, 5'000);
    const FrameError e50 = worst_relative_error(lat, 50'000);
    std::printf(
        "LocalFrame error at %2.0f deg, from the origin: 5 km %.4f%%, 50 km %.4f%%; "
        "between points: 5 km %.4f%%, 50 km %.4f%%\n",
        lat, 100 * e5.from_origin, 100 * e50.from_origin, 100 * e5.between, 100 * e50.between);
    if (lat <= 60) {
      EXPECT_LT(e5.from_origin, 0.0003) << lat;
      EXPECT_LT(e50.from_origin, 0.003) << lat;
    }
    EXPECT_LT(e5.from_origin, 0.0005) << lat;
    EXPECT_LT(e50.from_origin, 0.005) << lat;
    EXPECT_LT(e50.between, 0.025) << lat;
  }
}

TEST(LocalFrame, ScalesMatchTheEllipsoid) {
  EXPECT_NEAR(metres_per_deg_lat(0), 110574.3, 0.5);
  EXPECT_NEAR(metres_per_deg_lat(90), 111694.0, 0.5);
  EXPECT_NEAR(metres_per_deg_lon(0), 111319.49, 0.01);
  EXPECT_NEAR(metres_per_deg_lon(60), 55799.98, 0.5);
  // Held at 89.9 degrees at the pole instead of collapsing to zero.
  EXPECT_GT(LocalFrame({90, 0}).metres_per_deg_lon(), 100);
}

}  // namespace
}  // namespace lookout
