// CotEvent: one Cursor on Target 2.0 event, the subset Lookout writes and
// reads (the MITRE CoT base event schema, as TAK uses it):
//
//   <event version="2.0" uid type how time start stale>
//     <point lat lon hae ce le/>
//     <detail>
//       <contact callsign/>  <track course speed/>  <remarks>text</remarks>
//       <link uid type relation/>...  <__forcedelete/>
//       <emergency type>text</emergency>  (ATAK's alerts: b-a-g "Geo-fence Breached")
//     </detail>
//   </event>
//
// Other detail elements (TAK's takv, __group, status, usericon, ...) are
// named in `other_detail` when read and never written: a consumer that needs
// them reads the XML itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace lookout::cot {

// CoT's "unknown" for hae, ce and le (metres), as TAK writes it.
inline constexpr double kUnknown = 9999999.0;

struct CotPoint {
  double lat = 0;           ///< WGS84 degrees, -90..90.
  double lon = 0;           ///< WGS84 degrees, -180..180.
  double hae = kUnknown;    ///< Height above the WGS84 ellipsoid, metres.
  double ce = kUnknown;     ///< Circular error, 1 sigma, metres.
  double le = kUnknown;     ///< Linear (vertical) error, 1 sigma, metres.
};

struct CotLink {
  std::string uid;
  std::string type;
  std::string relation;     ///< "p-p" (parent), "none" (a delete's target), ...
};

struct CotEmergency {
  std::string type;         ///< "Geo-fence Breached", "911 Alert", ...
  std::string text;         ///< Who raised it (ATAK shows it as the alert's name).
};

struct CotEvent {
  std::string uid;          ///< Stable per object: later events replace earlier ones.
  std::string type;         ///< "a-u-S-X-M" (atom, unknown, surface, merchant), "t-x-d-d", ...
  std::string how;          ///< "m-f" fused, "m-r" radio relayed, "h-e" estimated, ...
  Timestamp time{};         ///< When the event was generated.
  Timestamp start{};        ///< From when it is valid.
  Timestamp stale{};        ///< When it stops being valid (TAK greys it out).
  CotPoint point;

  // <detail>
  std::string callsign;               ///< <contact callsign>; empty: no contact element.
  std::optional<double> course_deg;   ///< <track course>, degrees true, [0, 360).
  std::optional<double> speed_mps;    ///< <track speed>, metres per second.
  std::optional<std::string> remarks; ///< <remarks> text; nullopt: no element.
  std::vector<CotLink> links;
  bool force_delete = false;          ///< <__forcedelete/> (a t-x-d-d event's, for ATAK).
  std::optional<CotEmergency> emergency;  ///< <emergency>: an alert ATAK raises to its user.
  std::vector<std::string> other_detail;  ///< Names of the detail elements read and not kept.
};

}  // namespace lookout::cot
