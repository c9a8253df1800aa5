// decode_payload throughput per message type, on real payloads from gpsd's
// regression logs (tests/golden/ais/gpsd_cases.jsonl). Each benchmark cycles
// through a few different payloads of its type so the branch predictor
// cannot learn a single message. Reports items/s (messages) and bytes/s
// (armoured payload characters).
#include <array>
#include <string_view>

#include <benchmark/benchmark.h>

#include "decode/ais/decoder.h"

namespace {

struct Sample {
  std::string_view payload;
  unsigned fill_bits;
};

void run(benchmark::State& state, const Sample* samples, std::size_t count) {
  std::size_t idx = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    const Sample& sample = samples[idx];
    idx = idx + 1 == count ? 0 : idx + 1;
    auto result = lookout::ais::decode_payload(sample.payload, sample.fill_bits);
    benchmark::DoNotOptimize(result);
    bytes += sample.payload.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

template <std::size_t N>
void run(benchmark::State& state, const std::array<Sample, N>& samples) {
  run(state, samples.data(), N);
}

constexpr std::array<Sample, 4> kType1 = {{
    {"15RTgt0PAso;90TKcjM8h6g208CQ", 0},
    {"16SteH0P00Jt63hHaa6SagvJ087r", 0},
    {"13aIkM@P00PJ@qPNL=e@0?wJ28JO", 0},
    {"38Id705000rRVJhE7cl9n;160000", 0},
}};
constexpr std::array<Sample, 4> kType4 = {{
    {"403OviQuMGCqWrRO9>E6fE700@GO", 0},
    {"402Fha0000Htt<tSF0l4Q@000d20", 0},
    {"4028n@iuiPpttwIWI<Hl>8700PS:", 0},
    {"4>O7m7Iu@<9qUfbtm`vSnwvH20S8", 0},
}};
constexpr std::array<Sample, 3> kType5 = {{
    {"55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp888888888880", 2},
    {"542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht5000000000000000000000", 2},
    {"55R3Vn82=ILTQ3KKS>1<D60Dq@E918U<F222221J1`?164vc03S1CCAD`88888888888880", 2},
}};
constexpr std::array<Sample, 2> kType9 = {{
    {"91b77=h3h00nHt0Q3r@@07000<0b", 0},
    {"91b55wi;hbOS@OdQAC062Ch2089h", 0},
}};
constexpr std::array<Sample, 3> kType12And14 = {{
    {"<02:oP0kKcv0@<51C5PB5@?BDPD?P:?2?EB7PDB16693P381>>5<PikP", 0},
    {">5?Per18=HB1U:1@E=B0m<L", 2},
    {">3R1p10E3;;R0USCR0HO>0@gN10kGJp", 2},
}};
constexpr std::array<Sample, 4> kType18 = {{
    {"B52K>;h00Fc>jpUlNV@ikwpUoP06", 0},
    {"B52KB8h006fu`Q6:g1McCwb5oP06", 0},
    {"B5O6hr00<veEKmUaMFdEow`UWP06", 0},
    {"B3`eLE00006R0J7Si`WQ3wP1jDkr", 0},
}};
constexpr std::array<Sample, 3> kType19 = {{
    {"C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220", 0},
    {"C69EG6@0026tkc3Ln`sBL000JBM0l@2L?0jc1QWQed00f0D210R0", 0},
    {"C6:kuiP0021mUQSCHwAvKwk2>bB>2L?0>2L>`2C1iik0S38351P7", 0},
}};
constexpr std::array<Sample, 4> kType21 = {{
    {"E1mg=5J1T4W0h97aRh6ba84<h2d;W:Te=eLvH50```q:D44QDlp0C1DU00", 2},
    {"E03l90w4Q1h3h1:WdPOwwwwwwwwlQdn`:e55020@@@gP000000000000000000", 4},
    {"EvjJ9@RRqKJI@9:@9Pc:R94U0P0@Np>8=0tP`00@08V>00", 4},
    {"ENk`sG6T4V69Q93T@1bb@1h1T@6=3BiM7uUb`00003vP00`<Mh0", 2},
}};
constexpr std::array<Sample, 4> kType24 = {{
    {"H42O55i18tMET00000000000000", 2},
    {"H42O55lti4hhhilD3nink000?050", 0},
    {"H42O3qiA8U10Tp0000000000000", 2},
    {"H3`lOl4UCBD5<50@6pjkl01`441t", 0},
}};
constexpr std::array<Sample, 4> kType27 = {{
    {"KCQ9r=hrFUnH7P00", 0},
    {"Kk`kDpu@;LkmU0Ot", 0},
    {"K3KLehP0rPTJ10Qr", 0},
    {"KC5E2b@U19PFdLbMuc5=ROv62<7m", 0},
}};
// Roughly the mix of a coastal receiver: mostly class A positions.
constexpr std::array<Sample, 10> kMixed = {{
    kType1[0], kType1[1], kType1[2], kType1[3], kType1[0], kType18[0], kType4[0], kType5[0],
    kType24[1], kType21[0],
}};

void BM_DecodeType1(benchmark::State& state) { run(state, kType1); }
void BM_DecodeType4(benchmark::State& state) { run(state, kType4); }
void BM_DecodeType5(benchmark::State& state) { run(state, kType5); }
void BM_DecodeType9(benchmark::State& state) { run(state, kType9); }
void BM_DecodeType12And14(benchmark::State& state) { run(state, kType12And14); }
void BM_DecodeType18(benchmark::State& state) { run(state, kType18); }
void BM_DecodeType19(benchmark::State& state) { run(state, kType19); }
void BM_DecodeType21(benchmark::State& state) { run(state, kType21); }
void BM_DecodeType24(benchmark::State& state) { run(state, kType24); }
void BM_DecodeType27(benchmark::State& state) { run(state, kType27); }
void BM_DecodeMixed(benchmark::State& state) { run(state, kMixed); }

BENCHMARK(BM_DecodeType1);
BENCHMARK(BM_DecodeType4);
BENCHMARK(BM_DecodeType5);
BENCHMARK(BM_DecodeType9);
BENCHMARK(BM_DecodeType12And14);
BENCHMARK(BM_DecodeType18);
BENCHMARK(BM_DecodeType19);
BENCHMARK(BM_DecodeType21);
BENCHMARK(BM_DecodeType24);
BENCHMARK(BM_DecodeType27);
BENCHMARK(BM_DecodeMixed);

}  // namespace
