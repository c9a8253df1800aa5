#include "decode/cot/parser.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lookout::cot {

namespace {

// The document as a small tree: CoT events are a few hundred bytes, and a
// tree keeps the schema checks below apart from the XML syntax.
struct Attribute {
  std::string_view name;
  std::string value;  // entities decoded
  std::size_t offset = 0;
};

struct Element {
  std::string_view name;
  std::size_t offset = 0;
  std::vector<Attribute> attributes;
  std::string text;  // character data directly inside, entities decoded
  std::vector<Element> children;

  const Attribute* attribute(std::string_view n) const {
    for (const auto& a : attributes) {
      if (a.name == n) return &a;
    }
    return nullptr;
  }
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class XmlReader {
 public:
  XmlReader(std::string_view s, const ParseLimits& limits) : s_(s), limits_(limits) {}

  Result<Element> document() {
    if (s_.size() > limits_.max_bytes) return make_error(ErrorCode::kLineTooLong, limits_.max_bytes, "xml");
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark
    skip_space();
    if (pos_ == s_.size()) return make_error(ErrorCode::kEmptyLine, pos_);
    if (auto e = misc(true)) return *e;
    if (pos_ == s_.size() || s_[pos_] != '<') return make_error(ErrorCode::kBadValue, pos_, "xml");
    Element root;
    if (auto e = element(root, 1)) return *e;
    if (auto e = misc(false)) return *e;
    if (pos_ != s_.size()) return make_error(ErrorCode::kBadValue, pos_, "xml.trailing");
    return root;
  }

 private:
  using MaybeError = std::optional<Error>;

  void skip_space() {
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
  }
  bool starts(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }
  MaybeError fail(const char* field, std::size_t at) const { return make_error(ErrorCode::kBadValue, at, field); }

  // Comments, processing instructions (the XML declaration first of all)
  // and space, before or after the root element. A DOCTYPE is refused.
  MaybeError misc(bool prolog) {
    for (;;) {
      skip_space();
      if (starts("<!--")) {
        if (auto e = comment()) return e;
      } else if (starts("<?")) {
        const std::size_t end = s_.find("?>", pos_ + 2);
        if (end == std::string_view::npos) return fail("xml", pos_);
        pos_ = end + 2;
      } else if (starts("<!")) {
        return fail(prolog ? "xml.doctype" : "xml", pos_);
      } else {
        return std::nullopt;
      }
    }
  }

  MaybeError comment() {
    const std::size_t end = s_.find("-->", pos_ + 4);
    if (end == std::string_view::npos) return fail("xml", pos_);
    pos_ = end + 3;
    return std::nullopt;
  }

  MaybeError name(std::string_view& out) {
    const std::size_t start = pos_;
    if (pos_ >= s_.size() || !is_name_start(s_[pos_])) return fail("xml", pos_);
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    out = s_.substr(start, pos_ - start);
    return std::nullopt;
  }

  // Decodes `raw` (text or an attribute value) into `out`.
  MaybeError decode(std::string_view raw, std::size_t at, std::string& out) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (c == '<') return fail("xml", at + i);
      if (c != '&') {
        out += c;
        continue;
      }
      const std::size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos || semi - i > 12) return fail("xml.entity", at + i);
      const std::string_view ent = raw.substr(i + 1, semi - i - 1);
      if (ent == "amp") {
        out += '&';
      } else if (ent == "lt") {
        out += '<';
      } else if (ent == "gt") {
        out += '>';
      } else if (ent == "quot") {
        out += '"';
      } else if (ent == "apos") {
        out += '\'';
      } else if (ent.size() >= 2 && ent[0] == '#') {
        const bool hex = ent[1] == 'x';
        const std::string_view digits = ent.substr(hex ? 2 : 1);
        uint32_t cp = 0;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
        const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                             (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
        if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || !allowed) {
          return fail("xml.entity", at + i);
        }
        append_utf8(cp, out);
      } else {
        return fail("xml.entity", at + i);
      }
      i = semi;
    }
    return std::nullopt;
  }

  MaybeError element(Element& el, std::size_t depth) {
    if (depth > limits_.max_depth) return make_error(ErrorCode::kLineTooLong, pos_, "xml.depth");
    if (++elements_ > limits_.max_elements) return make_error(ErrorCode::kLineTooLong, pos_, "xml.elements");
    el.offset = pos_;
    ++pos_;  // '<'
    if (auto e = name(el.name)) return e;
    // Attributes
    for (;;) {
      const std::size_t before = pos_;
      skip_space();
      if (pos_ >= s_.size()) return fail("xml", pos_);
      if (s_[pos_] == '/') {
        if (!starts("/>")) return fail("xml", pos_);
        pos_ += 2;
        return std::nullopt;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      if (pos_ == before) return fail("xml", pos_);  // attributes are separated by space
      Attribute a;
      a.offset = pos_;
      if (auto e = name(a.name)) return e;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return fail("xml", pos_);
      ++pos_;
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return fail("xml", pos_);
      const char quote = s_[pos_++];
      const std::size_t end = s_.find(quote, pos_);
      if (end == std::string_view::npos) return fail("xml", pos_);
      if (auto e = decode(s_.substr(pos_, end - pos_), pos_, a.value)) return e;
      pos_ = end + 1;
      if (el.attribute(a.name) != nullptr) return fail("xml.attribute", a.offset);
      if (el.attributes.size() == limits_.max_attributes) return make_error(ErrorCode::kLineTooLong, a.offset, "xml.attributes");
      el.attributes.push_back(std::move(a));
    }
    // Content
    for (;;) {
      const std::size_t lt = s_.find('<', pos_);
      if (lt == std::string_view::npos) return fail("xml", s_.size());
      if (auto e = decode(s_.substr(pos_, lt - pos_), pos_, el.text)) return e;
      pos_ = lt;
      if (starts("</")) {
        pos_ += 2;
        std::string_view closing;
        if (auto e = name(closing)) return e;
        if (closing != el.name) return fail("xml", pos_ - closing.size());
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return fail("xml", pos_);
        ++pos_;
        return std::nullopt;
      }
      if (starts("<!--")) {
        if (auto e = comment()) return e;
      } else if (starts("<![CDATA[")) {
        const std::size_t end = s_.find("]]>", pos_ + 9);
        if (end == std::string_view::npos) return fail("xml", pos_);
        el.text.append(s_.substr(pos_ + 9, end - pos_ - 9));
        pos_ = end + 3;
      } else if (starts("<?")) {
        const std::size_t end = s_.find("?>", pos_ + 2);
        if (end == std::string_view::npos) return fail("xml", pos_);
        pos_ = end + 2;
      } else if (starts("<!")) {
        return fail("xml", pos_);
      } else {
        el.children.emplace_back();
        if (auto e = element(el.children.back(), depth + 1)) return e;
      }
    }
  }

  std::string_view s_;
  const ParseLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t elements_ = 0;
};

// ---- The CoT schema over the tree ----

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Result<std::string> required_text(const Element& el, std::string_view name, const char* field) {
  const Attribute* a = el.attribute(name);
  if (a == nullptr) return make_error(ErrorCode::kMissingField, el.offset, field);
  if (trim(a->value).empty()) return make_error(ErrorCode::kBadValue, a->offset, field);
  return a->value;
}

Result<double> number(const Attribute& a, const char* field, double lo, double hi) {
  const std::string_view v = trim(a.value);
  double x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || !std::isfinite(x) || x < lo || x > hi) {
    return make_error(ErrorCode::kBadValue, a.offset, field);
  }
  return x;
}

Result<double> required_number(const Element& el, std::string_view name, const char* field, double lo, double hi) {
  const Attribute* a = el.attribute(name);
  if (a == nullptr) return make_error(ErrorCode::kMissingField, el.offset, field);
  return number(*a, field, lo, hi);
}

Result<Timestamp> required_time(const Element& el, std::string_view name, const char* field) {
  const Attribute* a = el.attribute(name);
  if (a == nullptr) return make_error(ErrorCode::kMissingField, el.offset, field);
  auto t = parse_timestamp(trim(a->value));
  if (!t.ok()) return make_error(ErrorCode::kBadValue, a->offset, field);
  return *t;
}

std::optional<Error> read_point(const Element& el, CotPoint& p) {
  auto lat = required_number(el, "lat", "point.lat", -90, 90);
  if (!lat.ok()) return lat.error();
  auto lon = required_number(el, "lon", "point.lon", -180, 180);
  if (!lon.ok()) return lon.error();
  // hae may be below the ellipsoid (the Dead Sea, a submarine); errors not.
  auto hae = required_number(el, "hae", "point.hae", -1e7, 1e8);
  if (!hae.ok()) return hae.error();
  auto ce = required_number(el, "ce", "point.ce", 0, 1e8);
  if (!ce.ok()) return ce.error();
  auto le = required_number(el, "le", "point.le", 0, 1e8);
  if (!le.ok()) return le.error();
  p = {*lat, *lon, *hae, *ce, *le};
  return std::nullopt;
}

std::optional<Error> read_detail(const Element& detail, CotEvent& e) {
  for (const auto& c : detail.children) {
    if (c.name == "contact") {
      if (const Attribute* a = c.attribute("callsign")) e.callsign = a->value;
    } else if (c.name == "track") {
      if (const Attribute* a = c.attribute("course")) {
        auto v = number(*a, "track.course", -1e6, 1e6);  // any angle, normalised below
        if (!v.ok()) return v.error();
        e.course_deg = std::fmod(*v + 360.0, 360.0);
      }
      if (const Attribute* a = c.attribute("speed")) {
        auto v = number(*a, "track.speed", 0, 1e6);
        if (!v.ok()) return v.error();
        e.speed_mps = *v;
      }
    } else if (c.name == "remarks") {
      e.remarks = c.text;
    } else if (c.name == "link") {
      CotLink l;
      if (const Attribute* a = c.attribute("uid")) l.uid = a->value;
      if (const Attribute* a = c.attribute("type")) l.type = a->value;
      if (const Attribute* a = c.attribute("relation")) l.relation = a->value;
      if (l.uid.empty()) return make_error(ErrorCode::kMissingField, c.offset, "link.uid");
      e.links.push_back(std::move(l));
    } else if (c.name == "__forcedelete") {
      e.force_delete = true;
    } else if (c.name == "emergency") {
      CotEmergency& em = e.emergency.emplace();
      if (const Attribute* a = c.attribute("type")) em.type = a->value;
      em.text = c.text;
    } else {
      e.other_detail.emplace_back(c.name);
    }
  }
  return std::nullopt;
}

}  // namespace

Result<CotEvent> parse_event(std::string_view xml, const ParseLimits& limits) {
  XmlReader reader(xml, limits);
  auto doc = reader.document();
  if (!doc.ok()) return doc.error();
  const Element& root = *doc;
  if (root.name != "event") return make_error(ErrorCode::kBadValue, root.offset, "event");
  CotEvent e;
  // Args: the event's attributes
  const Attribute* version = root.attribute("version");
  if (version == nullptr) return make_error(ErrorCode::kMissingField, root.offset, "event.version");
  if (trim(version->value).substr(0, 2) != "2.") return make_error(ErrorCode::kBadValue, version->offset, "event.version");
  auto uid = required_text(root, "uid", "event.uid");
  if (!uid.ok()) return uid.error();
  e.uid = std::move(*uid);
  auto type = required_text(root, "type", "event.type");
  if (!type.ok()) return type.error();
  e.type = std::move(*type);
  auto how = required_text(root, "how", "event.how");
  if (!how.ok()) return how.error();
  e.how = std::move(*how);
  auto time = required_time(root, "time", "event.time");
  if (!time.ok()) return time.error();
  e.time = *time;
  auto start = required_time(root, "start", "event.start");
  if (!start.ok()) return start.error();
  e.start = *start;
  auto stale = required_time(root, "stale", "event.stale");
  if (!stale.ok()) return stale.error();
  e.stale = *stale;
  // The children: one point, at most one detail, nothing else.
  bool have_point = false, have_detail = false;
  for (const auto& c : root.children) {
    if (c.name == "point") {
      if (have_point) return make_error(ErrorCode::kBadValue, c.offset, "point");
      have_point = true;
      if (auto err = read_point(c, e.point)) return *err;
    } else if (c.name == "detail") {
      if (have_detail) return make_error(ErrorCode::kBadValue, c.offset, "detail");
      have_detail = true;
      if (auto err = read_detail(c, e)) return *err;
    } else {
      return make_error(ErrorCode::kBadValue, c.offset, "event.child");
    }
  }
  if (!have_point) return make_error(ErrorCode::kMissingField, root.offset, "point");
  if (!trim(root.text).empty()) return make_error(ErrorCode::kBadValue, root.offset, "event.text");
  return e;
}

}  // namespace lookout::cot
