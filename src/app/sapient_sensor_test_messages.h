// SAPIENT messages of a real kind of node for the sensor registry's tests: a
// rotating air-surveillance radar that registers its revolution, its error
// model, its Pd and false alarm rate and the classes it reports, then reports
// its position and field of view. Values are those of the drone-from-a-ship
// scenario's radar (tests/scenarios/drone_from_ship/sensors.json). Header-only;
// not used by the product.
#pragma once

#include <string>

#include "decode/sapient/message.h"
#include "decode/sapient/test_messages.h"

namespace lookout::sapient::testing {

inline constexpr const char* kRadarId = "3f2b9c1e-5a47-4d2e-9c61-8b0f4e7a2d15";

inline void add_value(google::protobuf::RepeatedPtrField<pb::Registration::PerformanceValue>* to, const char* type,
                      const char* units, const char* value) {
  auto* p = to->Add();
  p->set_type(type);
  p->set_units(units);
  p->set_unit_value(value);
}

// A 60 rpm radar: range sigma 8 m, azimuth 0.3 degrees, elevation 0.5 degrees,
// Pd 0.9, 3 false alarms per scan; it classifies UAVs and birds.
inline SapientMessage radar_registration(const std::string& node_id = kRadarId, int64_t seconds = 1'700'000'000) {
  SapientMessage msg = registration(node_id);
  msg.mutable_timestamp()->set_seconds(seconds);
  pb::Registration* reg = msg.mutable_registration();
  reg->set_name("air surveillance radar");
  reg->mutable_node_definition(0)->set_node_type(pb::Registration::NODE_TYPE_RADAR);
  auto* mode = reg->mutable_mode_definition(0);
  mode->set_mode_type(pb::Registration::MODE_TYPE_DEFAULT);
  mode->set_scan_type(pb::Registration::SCAN_TYPE_SCANNING);
  auto* def = mode->mutable_detection_definition(0);
  def->mutable_location_type()->clear_location_units();
  def->mutable_location_type()->set_range_bearing_units(pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M);
  def->mutable_location_type()->set_range_bearing_datum(pb::RANGE_BEARING_DATUM_TRUE);
  add_value(def->mutable_detection_performance(), "Pd", "Probability", "0.9");
  add_value(def->mutable_detection_performance(), "FAR", "Per Scan", "3");
  add_value(def->mutable_detection_performance(), "Rotation speed", "RPM", "60");
  auto* ge = def->mutable_geometric_error();
  ge->set_type("Standard Deviation");
  ge->set_units("metres");
  ge->set_variation_type("Linear with Range");
  add_value(ge->mutable_performance_value(), "Range", "metres", "8");
  add_value(ge->mutable_performance_value(), "Azimuth", "degrees", "0.3");
  add_value(ge->mutable_performance_value(), "Elevation", "degrees", "0.5");
  auto* classes = def->add_detection_class_definition();
  classes->set_confidence_definition(pb::Registration::CONFIDENCE_DEFINITION_SINGLE_CLASS);
  auto* uav = classes->add_class_definition();
  uav->set_type("UAV");
  auto* sub = uav->add_sub_class();
  sub->set_type("Quadcopter");
  sub->set_level(1);
  classes->add_class_definition()->set_type("Bird");
  // A second mode: staring at a sector, as when tasked to look at something.
  auto* look = reg->add_mode_definition();
  *look = reg->mode_definition(0);
  look->set_mode_name("Stare");
  look->set_mode_type(pb::Registration::MODE_TYPE_TEMPORARY);
  look->set_scan_type(pb::Registration::SCAN_TYPE_FIXED);
  return msg;
}

// The radar's status: its position and a 20 km field of view, all round
// unless `width_deg` is less than 360.
inline SapientMessage radar_status(double lat, double lon, double alt_m, int64_t seconds,
                                   const std::string& node_id = kRadarId, double centre_deg = 0,
                                   double width_deg = 360, const char* mode = "Default") {
  SapientMessage msg = status_report(lat, lon, alt_m, node_id);
  msg.mutable_timestamp()->set_seconds(seconds);
  msg.mutable_timestamp()->set_nanos(0);
  msg.mutable_status_report()->set_mode(mode);
  auto* cone = msg.mutable_status_report()->mutable_field_of_view()->mutable_range_bearing();
  cone->set_range(20);
  cone->set_azimuth(centre_deg);
  cone->set_horizontal_extent(width_deg);
  cone->set_coordinate_system(pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_KM);
  cone->set_datum(pb::RANGE_BEARING_DATUM_TRUE);
  return msg;
}

}  // namespace lookout::sapient::testing
