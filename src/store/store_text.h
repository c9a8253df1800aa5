// Text helpers shared by the store adapters: how lists are kept in one
// column, and which static fields changed between two reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "track/vessel.h"

namespace lookout::store {

// "GBR,JEF" <-> {"GBR", "JEF"} (sorted, so that equal markings intern equal).
std::string join_codes(std::vector<std::string> codes);
std::vector<std::string> split_codes(std::string_view text);

// "230987654,244123456" <-> {230987654, 244123456}.
std::string join_mmsi(const std::vector<uint32_t>& mmsi);
std::vector<uint32_t> split_mmsi(std::string_view text);

struct FieldChange {
  std::string field;
  std::string old_value;
  std::string new_value;
};

// The identity and voyage fields that differ between two static reports;
// fields that are unknown (0 or empty) in the newer one are not changes.
std::vector<FieldChange> static_changes(const track::VesselStatic& before, const track::VesselStatic& after);

}  // namespace lookout::store
