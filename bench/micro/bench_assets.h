// The assets the micro benchmarks index: the bundled file, plus what the
// environment asks for, so that one binary measures the default deployment and
// a fuller one in interleaved runs:
//   LOOKOUT_BENCH_INFRA=a.geojson:b.geojson  more asset files (paths relative to
//       the source tree or absolute), e.g. the energy and airfield layers;
//   LOOKOUT_BENCH_TURBINES=N  N synthetic turbines (wind farm points with a 500 m
//       corridor), in farms of 100 on a 1 km grid at seeded random places in the
//       North Sea and the Baltic: the size of the layer EMODnet's turbine points
//       would make, which no open file here holds.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "geo/asset_loader.h"

namespace lookout::bench {

inline std::vector<Asset> load_or_exit(const std::string& path) {
  AssetLoadResult r = load_assets_file(path);
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    std::exit(1);
  }
  return std::move(r).value().assets;
}

inline std::vector<Asset> bench_assets() {
  const std::string source = LOOKOUT_SOURCE_DIR;
  std::vector<Asset> out = load_or_exit(source + "/data/assets/baltic_north_sea.geojson");
  if (const char* extra = std::getenv("LOOKOUT_BENCH_INFRA")) {
    std::string list = extra;
    for (std::size_t at = 0; at <= list.size();) {
      std::size_t end = list.find(':', at);
      if (end == std::string::npos) end = list.size();
      std::string path = list.substr(at, end - at);
      if (!path.empty()) {
        if (path[0] != '/') path = source + "/" + path;
        for (Asset& a : load_or_exit(path)) out.push_back(std::move(a));
      }
      at = end + 1;
    }
  }
  if (const char* n = std::getenv("LOOKOUT_BENCH_TURBINES")) {
    const long count = std::strtol(n, nullptr, 10);
    std::mt19937 rng(20);
    std::uniform_real_distribution<double> north_sea_lat(51.5, 58), north_sea_lon(1, 8.5);
    std::uniform_real_distribution<double> baltic_lat(54, 60.5), baltic_lon(11, 24);
    LatLon origin;
    for (long i = 0; i < count; ++i) {
      if (i % 100 == 0) {
        origin = (i / 100) % 3 == 2 ? LatLon{baltic_lat(rng), baltic_lon(rng)}
                                    : LatLon{north_sea_lat(rng), north_sea_lon(rng)};
      }
      Asset a;
      a.id = "synthetic-turbine-" + std::to_string(i);
      a.name = a.id;
      a.kind = AssetKind::kWindfarm;
      a.buffer_m = 500;
      a.geometry = GeometryType::kPoint;
      const long k = i % 100;
      a.point = {origin.lat + static_cast<double>(k / 10) * 0.009, origin.lon + static_cast<double>(k % 10) * 0.016};
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace lookout::bench
