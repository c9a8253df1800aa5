#include "decode/cot/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace lookout::cot {
namespace {

// An ATAK position report as the FreeTAKServer examples hold it (single
// quotes, XML declaration, TAK's own detail elements).
constexpr std::string_view kAtak =
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?><event version='2.0' uid='ANDROID-R52JB0CDC4E' "
    "type='a-f-G-U-C' time='2020-02-08T18:10:46.207Z' start='2020-02-08T18:10:46.207Z' "
    "stale='2020-02-08T18:11:13.207Z' how='h-e'><point lat='-0.0042878' lon='-0.0076812' hae='9999999.0' "
    "ce='9999999.0' le='9999999.0' /><detail><takv device='SAMSUNG SM-T560NU' platform='ATAK-CIV'/>"
    "<contact endpoint='192.168.1.9:4242:tcp' callsign='corvTab'/><__group name='Yellow' role='Team Member'/>"
    "<track speed='1.5' course='370.0'/></detail></event>";

std::string with(std::string_view from, std::string_view to) {
  std::string s(kAtak);
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  s.replace(at, from.size(), to);
  return s;
}

TEST(CotParser, ReadsAnAtakPositionReport) {
  auto r = parse_event(kAtak);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->uid, "ANDROID-R52JB0CDC4E");
  EXPECT_EQ(r->type, "a-f-G-U-C");
  EXPECT_EQ(r->how, "h-e");
  EXPECT_EQ(to_unix_ms(r->time), 1581185446207);
  EXPECT_EQ(to_unix_ms(r->stale) - to_unix_ms(r->start), 27000);
  EXPECT_DOUBLE_EQ(r->point.lat, -0.0042878);
  EXPECT_DOUBLE_EQ(r->point.ce, kUnknown);
  EXPECT_EQ(r->callsign, "corvTab");
  ASSERT_TRUE(r->course_deg && r->speed_mps);
  EXPECT_NEAR(*r->course_deg, 10.0, 1e-9);  // 370 degrees is 10
  EXPECT_DOUBLE_EQ(*r->speed_mps, 1.5);
  EXPECT_EQ(r->other_detail, (std::vector<std::string>{"takv", "__group"}));
}

TEST(CotParser, DecodesEntitiesAndCharacterReferences) {
  auto r = parse_event(with("callsign='corvTab'", "callsign='A &amp; B &lt;&#x41;&#66;&gt; &quot;&apos; &#xE6;'"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->callsign, "A & B <AB> \"' \xC3\xA6");
}

TEST(CotParser, ReadsRemarksLinksAndCdata) {
  auto r = parse_event(with("</detail>",
                            "<link uid='x.1' type='a-h-G' relation='p-p'/><remarks>drag <![CDATA[<&>]]> here</remarks>"
                            "<!-- a comment --></detail>"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->links.size(), 1u);
  EXPECT_EQ(r->links[0].uid, "x.1");
  EXPECT_EQ(r->links[0].relation, "p-p");
  EXPECT_EQ(r->remarks, "drag <&> here");
}

struct Bad {
  std::string from, to;
  ErrorCode code;
  std::string field;
};

TEST(CotParser, NamesWhatIsWrong) {
  const Bad cases[] = {
      {"uid='ANDROID-R52JB0CDC4E' ", "", ErrorCode::kMissingField, "event.uid"},
      {"version='2.0'", "version='1.0'", ErrorCode::kBadValue, "event.version"},
      {"time='2020-02-08T18:10:46.207Z'", "time='yesterday'", ErrorCode::kBadValue, "event.time"},
      {"lat='-0.0042878'", "lat='91'", ErrorCode::kBadValue, "point.lat"},
      {"lon='-0.0076812'", "lon='nan'", ErrorCode::kBadValue, "point.lon"},
      {"ce='9999999.0' ", "", ErrorCode::kMissingField, "point.ce"},
      {"speed='1.5'", "speed='-3'", ErrorCode::kBadValue, "track.speed"},
  };
  for (const auto& c : cases) {
    auto r = parse_event(with(c.from, c.to));
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().code, c.code) << c.field << ": " << r.error().message();
    ASSERT_NE(r.error().field, nullptr);
    EXPECT_EQ(std::string(r.error().field), c.field) << r.error().message();
  }
}

TEST(CotParser, RefusesMalformedXml) {
  auto field_of = [](std::string_view xml) {
    auto r = parse_event(xml);
    if (r.ok()) return std::string("ok");
    return std::string(r.error().field ? r.error().field : "none");
  };
  EXPECT_EQ(field_of(with("</detail>", "</detial>")), "xml");              // mismatched end tag
  EXPECT_EQ(field_of(with("how='h-e'", "how='h-e' how='m-g'")), "xml.attribute");
  EXPECT_EQ(field_of(with("callsign='corvTab'", "callsign='a &bogus; b'")), "xml.entity");
  EXPECT_EQ(field_of(with("callsign='corvTab'", "callsign='&#0;'")), "xml.entity");
  EXPECT_EQ(field_of(with("callsign='corvTab'", "callsign='a<b'")), "xml");
  EXPECT_EQ(field_of(with("how='h-e'>", "how='h-e'")), "xml");            // unterminated start tag
  EXPECT_EQ(field_of(std::string(kAtak) + "<event/>"), "xml.trailing");
  EXPECT_EQ(field_of("<?xml version='1.0'?><!DOCTYPE event [<!ENTITY a 'b'>]><event/>"), "xml.doctype");
  EXPECT_EQ(field_of(std::string(kAtak).substr(0, 200)), "xml");  // cut short
  EXPECT_EQ(field_of(with("<detail>", "<bogus/><detail>")), "event.child");
  EXPECT_EQ(field_of("<evnt/>"), "event");
  auto empty = parse_event(" \n ");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kEmptyLine);
}

TEST(CotParser, BoundsDepthAndSize) {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<x>";
  auto r = parse_event(with("<detail>", "<detail>" + deep));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLineTooLong);
  EXPECT_EQ(std::string(r.error().field), "xml.depth");
  ParseLimits small;
  small.max_bytes = 100;
  auto big = parse_event(kAtak, small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kLineTooLong);
}

TEST(CotParser, ErrorOffsetPointsAtTheFault) {
  std::string xml = with("lat='-0.0042878'", "lat='x'");
  auto r = parse_event(xml);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(xml.substr(r.error().offset, 3), "lat");
}

}  // namespace
}  // namespace lookout::cot
