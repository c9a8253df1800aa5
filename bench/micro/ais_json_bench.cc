// append_json (and append_csv) per AIS message type, on real payloads from
// gpsd's regression data. The target: `lookout decode` with JSON output at
// 3 M sentences/s on one core leaves about 150 ns per message for the JSON.
//
//   build-*/lookout_bench --benchmark_filter=AisJson
#include <benchmark/benchmark.h>

#include <string>

#include "decode/ais/csv_writer.h"
#include "decode/ais/decoder.h"
#include "decode/ais/json_writer.h"

namespace lookout::ais {
namespace {

// A decoded observation with every reception field set, as a tag-blocked
// feed gives them.
AisObservation observation(const char* payload, unsigned fill_bits) {
  AisObservation obs;
  const auto msg = decode_payload(payload, fill_bits);
  if (msg.ok()) obs.msg = *msg;
  obs.time = from_unix_ms(1735122700123);
  obs.time_source = TimeSource::kTagBlock;
  obs.station.assign("r003669945");
  obs.channel = 'A';
  return obs;
}

void BM_AisJson(benchmark::State& state, const char* payload, unsigned fill_bits) {
  const AisObservation obs = observation(payload, fill_bits);
  std::string out;
  out.reserve(1024);
  for (auto _ : state) {
    out.clear();
    append_json(out, obs);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size()));
}

void BM_AisCsv(benchmark::State& state, const char* payload, unsigned fill_bits) {
  const AisObservation obs = observation(payload, fill_bits);
  std::string out;
  out.reserve(512);
  for (auto _ : state) {
    out.clear();
    append_csv(out, obs);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size()));
}

// The same message set for both writers.
#define LOOKOUT_AIS_CASES(BM)                                                                   \
  BENCHMARK_CAPTURE(BM, type1_position, "15RTgt0PAso;90TKcjM8h6g208CQ", 0);                   \
  BENCHMARK_CAPTURE(BM, type3_position, "38Id705000rRVJhE7cl9n;160000", 0);                   \
  BENCHMARK_CAPTURE(BM, type4_base_station, "403OviQuMGCqWrRO9>E6fE700@GO", 0);               \
  BENCHMARK_CAPTURE(BM, type5_static,                                                           \
                    "55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp888888888880", \
                    2);                                                                         \
  BENCHMARK_CAPTURE(BM, type8_binary, "85Mwp`1Kf3aCnsNvBWLi=wQuNhA5t43N`5nCuI=p<IBfVqnMgPGs", \
                    0);                                                                         \
  BENCHMARK_CAPTURE(BM, type18_class_b, "B52K>;h00Fc>jpUlNV@ikwpUoP06", 0);                   \
  BENCHMARK_CAPTURE(BM, type19_class_b_ext, "C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220", \
                    0);                                                                         \
  BENCHMARK_CAPTURE(BM, type21_aid, "E1mg=5J1T4W0h97aRh6ba84<h2d;W:Te=eLvH50```q:D44QDlp0C1DU00", \
                    2);                                                                         \
  BENCHMARK_CAPTURE(BM, type24a_name, "H42O55i18tMET00000000000000", 2);                      \
  BENCHMARK_CAPTURE(BM, type24b_static, "H42O55lti4hhhilD3nink000?050", 0);                   \
  BENCHMARK_CAPTURE(BM, type27_long_range, "KCQ9r=hrFUnH7P00", 0)

LOOKOUT_AIS_CASES(BM_AisJson);
LOOKOUT_AIS_CASES(BM_AisCsv);

}  // namespace
}  // namespace lookout::ais
