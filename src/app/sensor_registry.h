// SensorRegistry: the air sensors a SAPIENT fusion node has heard of, placed
// and described by their own Registration and StatusReports, so that a SAPIENT
// sensor needs no sensors file; and the gate every SAPIENT detection passes
// before the tracker, so that none is placed from a site it was not at.
//
// Whose word counts. Each sensor's SensorConfig has an origin (kDefault <
// kSapient < kFile < kConfig). A sensor that a sensors file or the node config
// names is the operator's, whole: its surveyed site, coverage and error model
// stay as written and SAPIENT messages change none of them (its detections need
// no registration either). Per sensor rather than per field, because a file
// entry cannot say which of its fields were surveyed and which are defaults;
// leave a sensor out of the file to let its node place it (and move it).
//
// Static and moving sensors. A sensor is static until a status puts it more
// than kStaticJitterM from its site (a fixed node's GPS wanders a few metres;
// such reports do not move it). While static, its range/bearing detections go
// to the tracker relative, placed there from the site in its SensorConfig
// (the polar error model). Once it has moved it is moving for good: the
// registry keeps its last kSiteHistory sites with their times and places each
// relative detection itself, from the site valid at the detection's own time
// (the latest status at or before it), as an absolute fix whose sigma covers
// the range and cross-range error. So a status at t2 never moves a detection of
// t1 < t2, although the tracker may still hold that detection in a scan or
// reorder buffer. The tracker's copy of a moving sensor's site (used for its
// coverage) is updated only once no relative detection of that sensor can be
// waiting in the tracker (reorder_lag_ms + 1 s of event time after the last
// one): the relative detections sent while it was static keep their site.
//
// Rejected, counted per sensor and reason, never placed (SensorReject):
// a relative detection from a node that never registered (and no file names),
// from a registered node before its first status with a location, older than
// every site a moving node's history still holds, and any detection from a
// node after its Goodbye (until it registers again: a Goodbye also forgets the
// site, since the node may be moved while it is away). Detections are not held
// back waiting for a registration: SAPIENT sends Registration first, so one
// that arrives before it is out of protocol, and holding it would only delay
// the picture. Absolute detections (lat/lon) from a node that has not
// registered are let through: they carry their own position.
//
// Bounded: at most kMaxSensors sensors (further registrations are refused and
// counted) and kSiteHistory sites each; rejects of ids it does not know are
// counted under at most kMaxSensors ids, then under "(other)".
// Single-threaded; the caller serialises (the live node's io thread).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/sapient_sensor.h"
#include "core/time.h"
#include "decode/detection.h"

namespace lookout {

enum class SensorReject : uint8_t {
  kNotRegistered,  // relative detection from a node that has not registered
  kNoSite,         // registered, but no status has given its location (at the detection's time)
  kSiteTooOld,     // moving node: older than every site it still remembers
  kGoodbye,        // the node said Goodbye and has not registered again
  kCount
};
// "not_registered", "no_site", "site_too_old", "after_goodbye".
const char* to_string(SensorReject r) noexcept;

class SensorRegistry {
 public:
  static constexpr std::size_t kMaxSensors = 64;     // as AirTracker's max_sensors
  static constexpr std::size_t kSiteHistory = 16;    // sites kept per moving sensor
  static constexpr double kStaticJitterM = 10.0;     // a static site moves only beyond this

  // Called with each SensorConfig the tracker should have (new, or replacing
  // the one of the same id).
  using Sink = std::function<void(const air::SensorConfig&)>;

  struct Sensor {
    air::SensorConfig config;        // what the tracker has (or gets when `pending` clears)
    std::optional<SapientSensorInfo> info;  // from its Registration
    bool operator_config = false;    // named by a sensors file or the config: SAPIENT changes nothing
    bool registered = false;
    bool goodbye = false;
    bool has_site = false;
    bool moving = false;
    bool pending = false;            // `config` not yet given to the tracker (see above)
    Timestamp site_time{};           // of the status that gave the current site
    uint64_t statuses = 0;
    std::array<uint64_t, static_cast<std::size_t>(SensorReject::kCount)> rejected{};
  };

  // `operator_sensors` are the sensors file's and config's (their origin is
  // kept); each is given to `sink` at once.
  explicit SensorRegistry(std::vector<air::SensorConfig> operator_sensors = {}, Sink sink = {});

  // Takes a validated Registration or StatusReport; other messages are
  // ignored (true). Returns false, with the reason in `why` and counted in
  // errors(), when it cannot be used: a registration without a mode, a status
  // from a node that has not registered, a location that cannot be read, more
  // than kMaxSensors sensors.
  bool on_message(const sapient::SapientMessage& msg, std::string* why = nullptr);

  // Checks, and for a moving sensor places, one detection of a SAPIENT node
  // (its `sensor` is the node's sensor name). Returns nullopt when it may go
  // to the tracker, else the reason (counted).
  std::optional<SensorReject> place(SensorDetection& d);

  // Event time has reached `t`: moving sensors' sites held back (`pending`)
  // go to the tracker when they may.
  void advance(Timestamp t);

  // Every sensor it knows, by id; rejects of unknown ids are in unknown().
  const std::map<std::string, Sensor>& sensors() const { return sensors_; }
  const std::map<std::string, uint64_t>& unknown() const { return unknown_; }
  uint64_t errors() const { return errors_; }
  uint64_t rejected() const { return rejected_; }

 private:
  struct Site {
    Timestamp time{};
    LatLon position;
    std::optional<double> alt_m;
  };
  struct History {
    std::array<Site, kSiteHistory> sites{};  // ring, oldest at `head`
    std::size_t head = 0, count = 0;
    bool pruned = false;  // an older site was dropped to make room
    Timestamp last_relative{};  // newest relative detection handed on relative
    bool any_relative = false;
  };

  bool on_registration(const sapient::SapientMessage& msg, std::string* why);
  bool on_status(const sapient::SapientMessage& msg, std::string* why);
  Sensor* find_or_add(const std::string& id);
  void publish(Sensor& s, History& h);
  std::optional<SensorReject> reject(Sensor* s, const std::string& id, SensorReject why);
  const Site* site_at(const History& h, Timestamp t) const;

  Sink sink_;
  std::map<std::string, Sensor> sensors_;
  std::map<std::string, History> history_;
  std::map<std::string, sapient::Registration> registrations_;  // for mode changes
  std::map<std::string, uint64_t> unknown_;
  Timestamp now_{};
  uint64_t errors_ = 0;
  uint64_t rejected_ = 0;
};

}  // namespace lookout
