// libFuzzer target for the assets GeoJSON loader (geo/asset_loader.h) and,
// when a file loads, for building the asset index over it and querying it.
// Beyond "no crash, no sanitizer report, no leak", it checks what the APIs
// promise: errors carry a message, results are sorted and bounded.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "geo/asset_index.h"
#include "geo/asset_loader.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void query(const lookout::AssetIndex& index, lookout::LatLon p) {
  std::array<lookout::AssetHit, 4> hits;
  lookout::HitCount n = index.corridors_at(p, hits);
  check(n.count <= hits.size());
  for (std::size_t i = 0; i < n.count; ++i) {
    check(hits[i].distance_m >= 0 && hits[i].asset < index.assets().size());
    if (i > 0) check(hits[i - 1].distance_m <= hits[i].distance_m);
  }
  n = index.within(p, 20'000, hits);
  check(n.count <= hits.size());
  if (auto hit = index.nearest(p, 50'000)) check(hit->distance_m >= 0 && hit->distance_m <= 50'000);
  std::array<lookout::AssetCrossing, 4> crossings;
  n = index.crossings(p, {p.lat * 0.999, p.lon * 0.998}, crossings);
  for (std::size_t i = 0; i < n.count; ++i) check(crossings[i].fraction >= 0 && crossings[i].fraction <= 1);
  for (uint32_t a = 0; a < index.assets().size() && a < 8; ++a) (void)index.contains(a, p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lookout::AssetLoadOptions options;
  options.max_positions = 10'000;
  lookout::AssetLoadResult r = lookout::parse_assets_geojson(text, options);
  if (!r.ok()) {
    check(!r.error().message.empty());
    return 0;
  }
  // Small grids keep each run fast whatever extent the input spans.
  lookout::AssetIndexOptions index_options;
  index_options.max_cells = 1 << 14;
  index_options.max_entries = 1 << 16;
  const lookout::AssetIndex index(std::move(r).value().assets, index_options);
  for (const lookout::Asset& a : index.assets()) {
    check(!a.id.empty() && a.buffer_m >= 0 && std::isfinite(a.buffer_m));
    const lookout::LatLon p = a.geometry == lookout::GeometryType::kPoint ? a.point
                              : a.is_line()                               ? a.lines.front().front()
                                            : a.polygons.front().rings.front().front();
    check(p.valid());
    query(index, p);
    query(index, {std::fmin(90, p.lat + 0.01), std::fmin(180, p.lon + 0.02)});
    if (&a - index.assets().data() >= 16) break;
  }
  return 0;
}
