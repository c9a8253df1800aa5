#include "decode/cot/writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "decode/cot/parser.h"
#include "decode/cot/stream.h"

namespace lookout::cot {
namespace {

CotEvent vessel() {
  CotEvent e;
  e.uid = "lookout.dk1.vessel.219000001";
  e.type = "a-u-S-X-M";
  e.how = "m-r";
  e.time = from_unix_ms(1735122700123);
  e.start = e.time;
  e.stale = from_unix_ms(1735122760123);
  e.point = {55.6761234, 12.5683372, kUnknown, kUnknown, kUnknown};
  e.callsign = "NORTHERN STAR";
  e.course_deg = 271.3;
  e.speed_mps = 5.66;
  e.remarks = "MMSI 219000001";
  return e;
}

TEST(CotWriter, WritesTheBaseEventSchema) {
  std::string out;
  write_event(vessel(), out);
  EXPECT_EQ(out,
            "<event version=\"2.0\" uid=\"lookout.dk1.vessel.219000001\" type=\"a-u-S-X-M\" how=\"m-r\" "
            "time=\"2024-12-25T10:31:40.123Z\" start=\"2024-12-25T10:31:40.123Z\" stale=\"2024-12-25T10:32:40.123Z\">"
            "<point lat=\"55.6761234\" lon=\"12.5683372\" hae=\"9999999.0\" ce=\"9999999.0\" le=\"9999999.0\"/>"
            "<detail><contact callsign=\"NORTHERN STAR\"/><track course=\"271.3\" speed=\"5.66\"/>"
            "<remarks>MMSI 219000001</remarks></detail></event>");
}

TEST(CotWriter, RoundTripsThroughTheParser) {
  CotEvent e = vessel();
  e.links.push_back({"lookout.dk1.alert.a-1", "b-a-g", "p-p"});
  e.force_delete = true;
  e.emergency = CotEmergency{"Geo-fence Breached", "HIGH <anchor_drag>"};
  e.point.hae = -12.5;
  e.point.ce = 35.2;
  e.point.le = 8.1;
  std::string out;
  write_event(e, out);
  auto r = parse_event(out);
  ASSERT_TRUE(r.ok()) << r.error().message() << "\n" << out;
  EXPECT_EQ(r->uid, e.uid);
  EXPECT_EQ(r->type, e.type);
  EXPECT_EQ(r->how, e.how);
  EXPECT_EQ(r->time, e.time);
  EXPECT_EQ(r->stale, e.stale);
  EXPECT_NEAR(r->point.lat, e.point.lat, 1e-7);
  EXPECT_NEAR(r->point.lon, e.point.lon, 1e-7);
  EXPECT_NEAR(r->point.hae, -12.5, 0.05);
  EXPECT_NEAR(r->point.ce, 35.2, 0.05);
  EXPECT_EQ(r->callsign, e.callsign);
  EXPECT_NEAR(*r->course_deg, 271.3, 0.05);
  EXPECT_NEAR(*r->speed_mps, 5.66, 0.005);
  EXPECT_EQ(r->remarks, e.remarks);
  ASSERT_EQ(r->links.size(), 1u);
  EXPECT_EQ(r->links[0].type, "b-a-g");
  EXPECT_TRUE(r->force_delete);
  ASSERT_TRUE(r->emergency);
  EXPECT_EQ(r->emergency->type, "Geo-fence Breached");
  EXPECT_EQ(r->emergency->text, "HIGH <anchor_drag>");
  EXPECT_TRUE(r->other_detail.empty());
}

TEST(CotWriter, EscapesHostileText) {
  // What a transmitter can put in an AIS name or a Remote ID self-ID.
  const std::string hostile = "\"/><event uid='x'>&amp;<!-- \x01\x7F\xFF\xC0\x80 \xE6\xF8\xE5 \xC3\xA6\t\n";
  CotEvent e = vessel();
  e.callsign = hostile;
  e.remarks = hostile + "</remarks></detail>";
  std::string out;
  write_event(e, out);
  auto r = parse_event(out);
  ASSERT_TRUE(r.ok()) << r.error().message() << "\n" << out;
  EXPECT_EQ(r->callsign, "\"/><event uid='x'>&amp;<!-- \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA6\t\n");
  EXPECT_EQ(*r->remarks, r->callsign + "</remarks></detail>");
  EXPECT_EQ(out.find("<event", 1), std::string::npos);
}

TEST(CotWriter, NonFiniteHeightsAreUnknown) {
  CotEvent e = vessel();
  e.point.hae = std::nan("");
  e.point.ce = INFINITY;
  std::string out;
  write_event(e, out);
  auto r = parse_event(out);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->point.hae, kUnknown);
  EXPECT_EQ(r->point.ce, kUnknown);
}

TEST(CotWriter, TimesBeforeTheEpochAndAtMidnight) {
  std::string out;
  append_time(from_unix_ms(-1), out);
  EXPECT_EQ(out, "1969-12-31T23:59:59.999Z");
  out.clear();
  append_time(from_unix_ms(951782400000), out);  // a leap day
  EXPECT_EQ(out, "2000-02-29T00:00:00.000Z");
}

TEST(CotStream, SplitsEventsBackToBackAcrossAnySplit) {
  std::string stream;
  for (int i = 0; i < 3; ++i) {
    CotEvent e = vessel();
    e.uid += std::to_string(i);
    stream += kXmlDeclaration;
    stream += "\n";
    write_event(e, stream);
  }
  for (std::size_t chunk : {1u, 7u, 100u, 100000u}) {
    CotStream s;
    int seen = 0;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      s.feed(std::string_view(stream).substr(at, chunk));
      while (auto doc = s.next()) {
        auto r = parse_event(*doc);
        ASSERT_TRUE(r.ok()) << r.error().message();
        EXPECT_EQ(r->uid, vessel().uid + std::to_string(seen));
        ++seen;
      }
    }
    EXPECT_EQ(seen, 3) << chunk;
    EXPECT_EQ(s.pending(), 0u);
  }
}

TEST(CotStream, DropsAnOversizedDocumentAndGoesOn) {
  CotStream s(256);
  s.feed("<event>" + std::string(1000, 'x'));
  EXPECT_FALSE(s.next());
  s.feed("</event>");
  s.feed("<event/></event>");
  auto doc = s.next();
  ASSERT_TRUE(doc);
  EXPECT_EQ(*doc, "<event/></event>");
  EXPECT_EQ(s.oversized(), 1u);
}

}  // namespace
}  // namespace lookout::cot
