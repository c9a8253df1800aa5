// Small valid SAPIENT messages for tests and the fuzz target's self-check:
// a Registration, a StatusReport, a DetectionReport (lat/lon or range-bearing)
// and an Alert, each in a complete envelope. Header-only; not used by the product.
#pragma once

#include <cstdint>
#include <string>

#include "decode/sapient/message.h"

namespace lookout::sapient::testing {

inline constexpr const char* kNodeId = "a8654cdf-4328-47de-81fa-c495589e30c8";

inline SapientMessage envelope(const std::string& node_id = kNodeId, int64_t seconds = 1'700'000'000) {
  SapientMessage msg;
  msg.mutable_timestamp()->set_seconds(seconds);
  msg.mutable_timestamp()->set_nanos(250'000'000);
  msg.set_node_id(node_id);
  return msg;
}

inline SapientMessage registration(const std::string& node_id = kNodeId) {
  SapientMessage msg = envelope(node_id);
  pb::Registration* reg = msg.mutable_registration();
  reg->add_node_definition()->set_node_type(pb::Registration::NODE_TYPE_RADAR);
  reg->set_icd_version(kIcdVersion);
  reg->set_name("test radar");
  auto* cap = reg->add_capabilities();
  cap->set_category("Radar");
  cap->set_type("Range");
  auto* status = reg->mutable_status_definition()->mutable_status_interval();
  status->set_units(pb::Registration::TIME_UNITS_SECONDS);
  status->set_value(5);
  auto* mode = reg->add_mode_definition();
  mode->set_mode_name("Default");
  mode->set_mode_type(pb::Registration::MODE_TYPE_PERMANENT);
  mode->mutable_settle_time()->set_units(pb::Registration::TIME_UNITS_SECONDS);
  mode->mutable_settle_time()->set_value(1);
  auto* def = mode->add_detection_definition();
  def->mutable_location_type()->set_location_units(pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
  def->mutable_location_type()->set_location_datum(pb::LOCATION_DATUM_WGS84_E);
  mode->mutable_task()->set_concurrent_tasks(1);
  auto* region = mode->mutable_task()->mutable_region_definition();
  region->add_region_type(pb::Registration::REGION_TYPE_AREA_OF_INTEREST);
  auto* area = region->add_region_area();
  area->set_location_units(pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
  area->set_location_datum(pb::LOCATION_DATUM_WGS84_E);
  auto* config = reg->add_config_data();
  config->set_manufacturer("Lookout");
  config->set_model("test");
  return msg;
}

inline SapientMessage status_report(double lat, double lon, double alt_m, const std::string& node_id = kNodeId) {
  SapientMessage msg = envelope(node_id);
  pb::StatusReport* status = msg.mutable_status_report();
  status->set_report_id("01GGYFBAXGDG7AGAHRZ6XSNY12");
  status->set_system(pb::StatusReport::SYSTEM_OK);
  status->set_info(pb::StatusReport::INFO_NEW);
  status->set_mode("Default");
  pb::Location* loc = status->mutable_node_location();
  loc->set_x(lon);
  loc->set_y(lat);
  loc->set_z(alt_m);
  loc->set_coordinate_system(pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
  loc->set_datum(pb::LOCATION_DATUM_WGS84_E);
  return msg;
}

inline SapientMessage goodbye(const std::string& node_id = kNodeId) {
  SapientMessage msg = envelope(node_id);
  pb::StatusReport* status = msg.mutable_status_report();
  status->set_report_id("01GGYFBAXGDG7AGAHRZ6XSNY13");
  status->set_system(pb::StatusReport::SYSTEM_GOODBYE);
  status->set_info(pb::StatusReport::INFO_NEW);
  status->set_mode("Default");
  return msg;
}

inline SapientMessage detection_at(double lat, double lon, double alt_m, const std::string& node_id = kNodeId) {
  SapientMessage msg = envelope(node_id);
  pb::DetectionReport* det = msg.mutable_detection_report();
  det->set_report_id("01GGYFBAXGDG7AGAHRZ6XSNY14");
  det->set_object_id("01GGYFBAXH4VYRQYEX7S3XGK3H");
  pb::Location* loc = det->mutable_location();
  loc->set_x(lon);
  loc->set_y(lat);
  loc->set_z(alt_m);
  loc->set_x_error(0.0001);
  loc->set_y_error(0.0001);
  loc->set_coordinate_system(pb::LOCATION_COORDINATE_SYSTEM_LAT_LNG_DEG_M);
  loc->set_datum(pb::LOCATION_DATUM_WGS84_E);
  auto* cls = det->add_classification();
  cls->set_type("Air Vehicle");
  cls->set_confidence(0.8F);
  det->mutable_enu_velocity()->set_east_rate(10);
  det->mutable_enu_velocity()->set_north_rate(-5);
  return msg;
}

inline SapientMessage detection_polar(double range_m, double azimuth_deg, double elevation_deg,
                                      const std::string& node_id = kNodeId) {
  SapientMessage msg = envelope(node_id);
  pb::DetectionReport* det = msg.mutable_detection_report();
  det->set_report_id("01GGYFBAXGDG7AGAHRZ6XSNY15");
  det->set_object_id("01GGYFBAXH4VYRQYEX7S3XGK3J");
  pb::RangeBearing* rb = det->mutable_range_bearing();
  rb->set_range(range_m);
  rb->set_azimuth(azimuth_deg);
  rb->set_elevation(elevation_deg);
  rb->set_coordinate_system(pb::RANGE_BEARING_COORDINATE_SYSTEM_DEGREES_M);
  rb->set_datum(pb::RANGE_BEARING_DATUM_TRUE);
  det->add_classification()->set_type("Bird");
  return msg;
}

inline SapientMessage alert(const std::string& node_id = kNodeId) {
  SapientMessage msg = envelope(node_id);
  pb::Alert* a = msg.mutable_alert();
  a->set_alert_id("01GGYFBAXH4VYRQYEX7S3XGK3K");
  a->set_alert_type(pb::Alert::ALERT_TYPE_WARNING);
  a->set_description("drone over the perimeter");
  return msg;
}

}  // namespace lookout::sapient::testing
