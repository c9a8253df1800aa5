#include "decode/sapient/validator.h"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <unordered_map>

#include "sapient_msg/rules.pb.h"

namespace lookout::sapient {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;

std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 48;
  std::string out = "\"";
  for (char c : text.substr(0, kMaxShown)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  if (text.size() > kMaxShown) out += "...";
  out += '"';
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// What the validator needs to know about one message type, worked out once
// from the descriptors and their annotations (reflection on options is slow).
enum class Kind : uint8_t {
  kOther, kTimestamp, kRegistration, kDetectionReport, kClassification, kSubClass, kBehaviour,
  kAlert, kPower, kLocation, kRangeBearing, kDuration,
};

struct FieldRule {
  const FieldDescriptor* field;
  bool mandatory;
  bool uuid;
  bool ulid;
};

struct MessageRules {
  Kind kind = Kind::kOther;
  std::vector<FieldRule> fields;
  std::vector<const OneofDescriptor*> required_oneofs;
};

class RuleTable {
 public:
  static const RuleTable& get() {
    static const RuleTable table;
    return table;
  }
  const MessageRules* find(const Descriptor* desc) const {
    const auto it = rules_.find(desc);
    return it == rules_.end() ? nullptr : &it->second;
  }

 private:
  RuleTable() {
    kinds_ = {
        {google::protobuf::Timestamp::descriptor(), Kind::kTimestamp},
        {pb::Registration::descriptor(), Kind::kRegistration},
        {pb::DetectionReport::descriptor(), Kind::kDetectionReport},
        {pb::DetectionReport::DetectionReportClassification::descriptor(), Kind::kClassification},
        {pb::DetectionReport::SubClass::descriptor(), Kind::kSubClass},
        {pb::DetectionReport::Behaviour::descriptor(), Kind::kBehaviour},
        {pb::Alert::descriptor(), Kind::kAlert},
        {pb::StatusReport::Power::descriptor(), Kind::kPower},
        {pb::Location::descriptor(), Kind::kLocation},
        {pb::RangeBearing::descriptor(), Kind::kRangeBearing},
        {pb::Registration::Duration::descriptor(), Kind::kDuration},
    };
    add(SapientMessage::descriptor());
  }

  void add(const Descriptor* desc) {
    if (rules_.count(desc) != 0) return;
    rules_[desc];  // placeholder: message types refer to themselves (SubClass)
    MessageRules rules;
    if (const auto it = kinds_.find(desc); it != kinds_.end()) rules.kind = it->second;
    for (int i = 0; i < desc->field_count(); ++i) {
      const FieldDescriptor* f = desc->field(i);
      const auto& options = f->options();
      rules.fields.push_back(FieldRule{f, options.GetExtension(sapient_rule::mandatory),
                                       options.GetExtension(sapient_rule::uuid),
                                       options.GetExtension(sapient_rule::ulid)});
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) add(f->message_type());
    }
    for (int i = 0; i < desc->real_oneof_decl_count(); ++i) {
      const OneofDescriptor* oneof = desc->oneof_decl(i);  // real oneofs come before synthetic ones
      if (oneof->options().GetExtension(sapient_rule::one_required)) rules.required_oneofs.push_back(oneof);
    }
    rules_[desc] = std::move(rules);
  }

  std::unordered_map<const Descriptor*, Kind> kinds_;
  std::unordered_map<const Descriptor*, MessageRules> rules_;
};

// Walks one message tree, appending violations; `path_` holds the location of
// the message being walked.
class Checker {
 public:
  explicit Checker(std::size_t max) : max_(max) {}

  std::vector<Violation> take() { return std::move(out_); }

  void walk(const Message& msg) {
    if (full()) return;
    const Descriptor* desc = msg.GetDescriptor();
    const Reflection* refl = msg.GetReflection();
    const MessageRules* rules = table_.find(desc);
    if (rules == nullptr) return;  // not reachable from SapientMessage
    if (!refl->GetUnknownFields(msg).empty()) {
      add(ErrorCode::kBadValue, nullptr,
          "carries field number " + std::to_string(refl->GetUnknownFields(msg).field(0).number()) +
              ", which " + std::string(desc->name()) + " does not have in BSI Flex 335 v2.0");
    }
    for (const FieldRule& rule : rules->fields) {
      if (full()) return;
      check_field(msg, refl, rule);
    }
    for (const OneofDescriptor* oneof : rules->required_oneofs) {
      if (full()) return;
      if (!refl->HasOneof(msg, oneof)) {
        const std::size_t mark = push(oneof->name());
        std::string members;
        for (int k = 0; k < oneof->field_count(); ++k) {
          members += (k == 0 ? "" : k + 1 == oneof->field_count() ? " or " : ", ");
          members += oneof->field(k)->name();
        }
        add(ErrorCode::kMissingField, oneof->field(0), "missing: needs one of " + members);
        pop(mark);
      }
    }
    if (!full() && rules->kind != Kind::kOther) check_values(msg, rules->kind);
  }

 private:
  bool full() const { return out_.size() >= max_; }

  std::size_t push(const std::string& name) {
    const std::size_t mark = path_.size();
    if (!path_.empty()) path_ += '.';
    path_ += name;
    return mark;
  }
  void push_index(int index) { path_ += '[' + std::to_string(index) + ']'; }
  void pop(std::size_t mark) { path_.resize(mark); }

  void add(ErrorCode code, const FieldDescriptor* field, std::string reason) {
    if (full()) return;
    out_.push_back(Violation{code, path_.empty() ? std::string("(message)") : path_, std::move(reason),
                             field != nullptr ? field->full_name().c_str() : nullptr});
  }

  // A rule on a named field of the current message (value rules below).
  void add_at(const Message& msg, const char* name, std::string reason) {
    const FieldDescriptor* field = msg.GetDescriptor()->FindFieldByName(name);
    const std::size_t mark = push(name);
    add(ErrorCode::kBadValue, field, std::move(reason));
    pop(mark);
  }

  static bool is_set_without_presence(const Message& msg, const Reflection* refl, const FieldDescriptor* f) {
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: return !refl->GetString(msg, f).empty();
      case FieldDescriptor::CPPTYPE_ENUM: return refl->GetEnumValue(msg, f) != 0;
      case FieldDescriptor::CPPTYPE_INT32: return refl->GetInt32(msg, f) != 0;
      case FieldDescriptor::CPPTYPE_INT64: return refl->GetInt64(msg, f) != 0;
      case FieldDescriptor::CPPTYPE_UINT32: return refl->GetUInt32(msg, f) != 0;
      case FieldDescriptor::CPPTYPE_UINT64: return refl->GetUInt64(msg, f) != 0;
      case FieldDescriptor::CPPTYPE_FLOAT: return refl->GetFloat(msg, f) != 0.0F;
      case FieldDescriptor::CPPTYPE_DOUBLE: return refl->GetDouble(msg, f) != 0.0;
      case FieldDescriptor::CPPTYPE_BOOL: return refl->GetBool(msg, f);
      case FieldDescriptor::CPPTYPE_MESSAGE: return refl->HasField(msg, f);
    }
    return false;
  }

  void check_field(const Message& msg, const Reflection* refl, const FieldRule& rule) {
    const FieldDescriptor* f = rule.field;
    const bool mandatory = rule.mandatory;
    const std::size_t mark = push(f->name());
    if (f->is_repeated()) {
      const int n = refl->FieldSize(msg, f);
      if (mandatory && n == 0) add(ErrorCode::kMissingField, f, "missing (needs at least one entry)");
      for (int i = 0; i < n && !full(); ++i) {
        const std::size_t item_mark = path_.size();
        push_index(i);
        check_element(msg, refl, rule, i);
        pop(item_mark);
      }
    } else {
      const bool present = f->has_presence() ? refl->HasField(msg, f) : is_set_without_presence(msg, refl, f);
      if (!present) {
        if (mandatory) add(ErrorCode::kMissingField, f, "missing");
      } else {
        check_element(msg, refl, rule, -1);
      }
    }
    pop(mark);
  }

  // One value of a field: index -1 for a singular field.
  void check_element(const Message& msg, const Reflection* refl, const FieldRule& rule, int index) {
    const FieldDescriptor* f = rule.field;
    const bool repeated = index >= 0;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        const Message& sub = repeated ? refl->GetRepeatedMessage(msg, f, index) : refl->GetMessage(msg, f);
        walk(sub);
        break;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (f->type() == FieldDescriptor::TYPE_BYTES) break;
        std::string scratch;
        const std::string& text = repeated ? refl->GetRepeatedStringReference(msg, f, index, &scratch)
                                           : refl->GetStringReference(msg, f, &scratch);
        if (rule.uuid && !is_uuid(text)) {
          add(ErrorCode::kBadValue, f, "not a UUID: " + quoted(text));
        } else if (rule.ulid && !is_ulid(text)) {
          add(ErrorCode::kBadValue, f, "not a ULID: " + quoted(text));
        } else if (text.empty() && rule.mandatory) {
          add(ErrorCode::kMissingField, f, "empty");
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int value = repeated ? refl->GetRepeatedEnumValue(msg, f, index) : refl->GetEnumValue(msg, f);
        if (f->enum_type()->FindValueByNumber(value) == nullptr) {
          add(ErrorCode::kBadValue, f,
              "value " + std::to_string(value) + " is not a " + std::string(f->enum_type()->name()));
        } else if (value == 0 && rule.mandatory) {
          add(ErrorCode::kMissingField, f, "unspecified (" + f->enum_type()->value(0)->name() + ")");
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        const double v = f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE
                             ? (repeated ? refl->GetRepeatedDouble(msg, f, index) : refl->GetDouble(msg, f))
                             : (repeated ? refl->GetRepeatedFloat(msg, f, index) : refl->GetFloat(msg, f));
        if (!std::isfinite(v)) add(ErrorCode::kBadValue, f, "not a finite number");
        break;
      }
      default: break;
    }
  }

  void check_unit_interval(const Message& msg, const char* name, bool present, double v) {
    if (present && std::isfinite(v) && (v < 0.0 || v > 1.0)) add_at(msg, name, "outside 0..1: " + number(v));
  }

  // Rules on values that the annotations cannot express.
  void check_values(const Message& msg, Kind kind) {
    if (kind == Kind::kTimestamp) {
      const auto& t = static_cast<const google::protobuf::Timestamp&>(msg);
      // 0001-01-01 .. 9999-12-31, as google.protobuf.Timestamp defines it.
      if (t.seconds() < -62135596800LL || t.seconds() > 253402300799LL) {
        add_at(msg, "seconds", "outside years 1..9999: " + std::to_string(t.seconds()));
      } else if (t.nanos() < 0 || t.nanos() > 999999999) {
        add_at(msg, "nanos", "outside 0..999999999: " + std::to_string(t.nanos()));
      }
    } else if (kind == Kind::kRegistration) {
      const auto& r = static_cast<const pb::Registration&>(msg);
      if (r.has_icd_version() && r.icd_version() != kIcdVersion) {
        add_at(msg, "icd_version", "is " + quoted(r.icd_version()) + ", expected \"" + kIcdVersion + "\"");
      }
    } else if (kind == Kind::kDetectionReport) {
      const auto& d = static_cast<const pb::DetectionReport&>(msg);
      check_unit_interval(msg, "detection_confidence", d.has_detection_confidence(), d.detection_confidence());
    } else if (kind == Kind::kClassification) {
      const auto& c = static_cast<const pb::DetectionReport::DetectionReportClassification&>(msg);
      check_unit_interval(msg, "confidence", c.has_confidence(), c.confidence());
    } else if (kind == Kind::kSubClass) {
      const auto& c = static_cast<const pb::DetectionReport::SubClass&>(msg);
      check_unit_interval(msg, "confidence", c.has_confidence(), c.confidence());
      if (c.level() < 0) add_at(msg, "level", "negative: " + std::to_string(c.level()));
    } else if (kind == Kind::kBehaviour) {
      const auto& b = static_cast<const pb::DetectionReport::Behaviour&>(msg);
      check_unit_interval(msg, "confidence", b.has_confidence(), b.confidence());
    } else if (kind == Kind::kAlert) {
      const auto& a = static_cast<const pb::Alert&>(msg);
      check_unit_interval(msg, "ranking", a.has_ranking(), a.ranking());
      check_unit_interval(msg, "confidence", a.has_confidence(), a.confidence());
    } else if (kind == Kind::kPower) {
      const auto& p = static_cast<const pb::StatusReport::Power&>(msg);
      if (p.has_level() && (p.level() < 0 || p.level() > 100)) {
        add_at(msg, "level", "outside 0..100: " + std::to_string(p.level()));
      }
    } else if (kind == Kind::kLocation) {
      check_location(static_cast<const pb::Location&>(msg));
    } else if (kind == Kind::kRangeBearing) {
      const auto& rb = static_cast<const pb::RangeBearing&>(msg);
      if (rb.has_range() && rb.range() < 0.0) add_at(msg, "range", "negative: " + number(rb.range()));
    } else if (kind == Kind::kDuration) {
      const auto& d = static_cast<const pb::Registration::Duration&>(msg);
      if (d.has_value() && d.value() < 0.0F) add_at(msg, "value", "negative: " + number(d.value()));
    }
  }

  void check_location(const pb::Location& loc) {
    double lat_limit = 0;
    double lon_limit = 0;
    switch (loc.coordinate_system()) {
      case pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M: lat_limit = 90; lon_limit = 180; break;
      case pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_RAD_M:
        lat_limit = std::numbers::pi / 2;
        lon_limit = 2 * std::numbers::pi;  // some systems use 0..2pi
        break;
      default: return;  // UTM: eastings and northings, no fixed bounds
    }
    if (loc.has_y() && std::fabs(loc.y()) > lat_limit) add_at(loc, "y", "latitude out of range: " + number(loc.y()));
    if (loc.has_x() && std::fabs(loc.x()) > lon_limit) add_at(loc, "x", "longitude out of range: " + number(loc.x()));
  }

  const RuleTable& table_ = RuleTable::get();
  std::size_t max_;
  std::string path_;
  std::vector<Violation> out_;
};

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string Violation::message() const { return path + ": " + reason; }

std::vector<Violation> validate(const SapientMessage& msg, std::size_t max_violations) {
  Checker checker(max_violations == 0 ? 1 : max_violations);
  checker.walk(msg);
  return checker.take();
}

bool is_uuid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

bool is_ulid(std::string_view text) noexcept {
  if (text.size() != 26) return false;
  if (text[0] < '0' || text[0] > '7') return false;
  for (char c : text) {
    const char u = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    const bool digit = u >= '0' && u <= '9';
    const bool letter = u >= 'A' && u <= 'Z' && u != 'I' && u != 'L' && u != 'O' && u != 'U';
    if (!digit && !letter) return false;
  }
  return true;
}

}  // namespace lookout::sapient
