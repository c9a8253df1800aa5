// The picture as Cursor on Target events: what each vessel, air track and
// alert looks like to a TAK user (docs/decisions/0016-cot-output.md).
//
//   uid    lookout.<node>.vessel.<mmsi>, lookout.<node>.air[.<p>].<id>,
//          lookout.<node>.alert.<alert id>: stable, so that each event
//          replaces the previous one of its object in TAK.
//   type   MIL-STD-2525 as TAK draws it: a surface vessel a-u-S-X-M
//          (merchant, affiliation unknown), a-s-S-X-M (suspect) while one of
//          its alerts released to the output is open, a-h-S-X-M (hostile)
//          while it is watch-listed; an aid to navigation a-n-S-N; an AIS
//          base station a-n-G; a SAR aircraft a-u-A; a drone a-u-A-M-F-Q; an
//          aircraft known from ADS-B a-n-A-C-F (civil fixed wing, neutral);
//          another air track a-u-A; an alert b-a-g with <emergency
//          type="Geo-fence Breached"> (ATAK's geofence alert).
//   how    m-r (radio relayed) for AIS and for ADS-B or Remote ID alone,
//          m-f (fused) for the tracker's tracks and for alerts.
//   stale  the time of the data plus three of the source's reporting
//          intervals (ITU-R M.1371 for AIS; see kAirStale), so that TAK greys
//          out an object that has missed two reports.
//
// These functions only fill a CotEvent (reusing its strings' storage); the
// caller writes it (decode/cot/writer.h) and decides what may go to whom.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "alert/alert.h"
#include "decode/cot/event.h"
#include "track/air/track_state.h"
#include "track/vessel.h"

namespace lookout::server::cot {

using lookout::cot::CotEvent;

enum class Affiliation : uint8_t {
  kUnknown,  ///< "u": nothing said against it.
  kSuspect,  ///< "s": an alert on it is open.
  kHostile,  ///< "h": it is on a watch list.
};

// The uids of the objects (appended to `out`, which is cleared first).
void vessel_uid(std::string_view node, uint32_t mmsi, std::string& out);
// Air track ids are unique per tracker, and each partition has its own: the
// uid names the partition when it is not the first.
void air_uid(std::string_view node, std::size_t partition, uint32_t track_id, std::string& out);
void alert_uid(std::string_view node, std::string_view alert_id, std::string& out);

// How often the vessel's class and motion make it report (ITU-R M.1371-5,
// table 1): class A at anchor or slow 3 min, under way 10 s, over 14 kn 6 s,
// over 23 kn 2 s; class B over 2 kn 30 s, else 3 min; aids to navigation 3
// min; base stations and SAR aircraft 10 s.
std::chrono::milliseconds reporting_interval(const track::Vessel& v);
// Staleness: three intervals, at least kMinVesselStale.
inline constexpr std::chrono::milliseconds kMinVesselStale{60'000};
// Air tracks: radar scans (4 s for the slowest rotating radar we track) and
// cooperative broadcasts (1 s) alike go stale after this.
inline constexpr std::chrono::milliseconds kAirStale{15'000};
// Alerts stay up this long after their last state unless retracted.
inline constexpr std::chrono::milliseconds kAlertStale{3'600'000};
// A delete event stays valid this long (long enough to reach a client that
// is reconnecting).
inline constexpr std::chrono::milliseconds kDeleteStale{60'000};

// The 2525 type of a vessel (see the top).
std::string_view vessel_type(const track::Vessel& v, Affiliation a);

// A vessel with at least one position. The callsign is its name, or its
// MMSI when it has sent none; remarks list MMSI, IMO, call sign, ship type
// and destination where known.
void vessel_event(std::string_view node, const track::Vessel& v, Affiliation a, CotEvent& out);

// An air track, false for what is not sent: tentative tracks and birds.
// `partition` goes into the uid (air_uid).
bool air_event(std::string_view node, std::size_t partition, const air::TrackState& s, CotEvent& out);

// An alert (open or updated; a retraction is a delete of its uid), at its
// position, linked to the uids of the vessels it names (`partition` for an
// air track's). Callsign "<severity> <kind>", remarks the summary with score,
// severity and id.
void alert_event(std::string_view node, std::size_t partition, const alert::Alert& a, CotEvent& out);

// A delete (t-x-d-d) of `uid`: same uid, a link to it with relation "none"
// and <__forcedelete/>, as ATAK sends one.
void delete_event(std::string_view uid, Timestamp time, CotEvent& out);

}  // namespace lookout::server::cot
