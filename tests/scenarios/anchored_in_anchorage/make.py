#!/usr/bin/env python3
"""SYNTHETIC negative case: ships at anchor in an anchorage laid over the
Balticconnector pipeline corridor. Writes assets.geojson (the pipeline copied
from data/assets/baltic_north_sea.geojson plus a test anchorage drawn over its
corridor; the anchorage is invented) and track.nmea:
  - two ships swing at anchor in the anchorage for the whole six hours;
  - ANCHOR ONE arrives from the east, slows inside the anchorage's approaches
    and anchors;
  - ANCHOR TWO slows from 12 to 5 kn while crossing the pipeline corridor
    north of the anchorage and then anchors in it: an approach to anchor,
    which may be raised while it crosses but must be retracted when it stops;
  - ANCHOR THREE anchors for three hours, then gathers way at 6 kn across the
    corridor and leaves: a ship leaving anchor is not slowing down.
Nothing may stay raised. Invented vessels; deterministic (fixed seed).

Run from anywhere: python3 make.py
"""
import json
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, distance_bearing, write_nmea  # noqa: E402
import cablegeo  # noqa: E402

bundled = cablegeo.Assets()
pipeline = bundled.features["balticconnector"]
box = (59.88, 24.00, 59.92, 24.10)  # south, west, north, east
anchorage = {
    "type": "Feature",
    "properties": {
        "id": "anchorage-test-balticconnector", "name": "Test anchorage over Balticconnector", "kind": "anchorage",
        "note": "SYNTHETIC: drawn for the anchored_in_anchorage scenario, not a charted anchorage",
        "licence": "CC0 (Lookout)",
    },
    "geometry": {"type": "Polygon", "coordinates": [[[box[1], box[0]], [box[3], box[0]], [box[3], box[2]],
                                                     [box[1], box[2]], [box[1], box[0]]]]},
}
with open(os.path.join(HERE, "assets.geojson"), "w") as f:
    json.dump({"type": "FeatureCollection",
               "_comment": "Balticconnector copied from data/assets/baltic_north_sea.geojson; the anchorage is synthetic.",
               "features": [pipeline, anchorage]}, f, indent=1)
    f.write("\n")
assets = cablegeo.Assets(os.path.join(HERE, "assets.geojson"))

T0 = datetime(2025, 2, 1, 0, 0, tzinfo=timezone.utc).timestamp()
H = 3600.0
vessels = [
    Vessel(mmsi=230300001, name="SWINGER ONE", imo=9500001, shiptype=70, start_lat=59.885, start_lon=24.02,
           start_time=T0, legs=[Leg(hold_s=6 * H, status=1)], interval_s=60, static_interval_s=1800),
    Vessel(mmsi=230300002, name="SWINGER TWO", imo=9500002, shiptype=80, start_lat=59.885, start_lon=24.075,
           start_time=T0 + 60, legs=[Leg(hold_s=6 * H, status=1)], interval_s=60, static_interval_s=1800),
    # from the east: 12 kn, then 6 and 3 kn in the last few kilometres
    Vessel(mmsi=230300003, name="ANCHOR ONE", imo=9500003, shiptype=70, start_lat=59.895, start_lon=24.60,
           start_time=T0 + 0.5 * H, interval_s=30, static_interval_s=1800,
           legs=[Leg(59.895, 24.20, 12.0), Leg(59.895, 24.12, 6.0), Leg(59.895, 24.045, 3.0),
                 Leg(hold_s=5 * H, status=1)]),
]

# ANCHOR TWO: from the north-west on a straight line that crosses the pipeline
# 3 km north of the anchorage and runs down the corridor into it; 12 kn, then
# 5 kn from about 25 minutes before the anchorage's 2 km margin.
berth = (59.905, 24.09)
c = (59.95, 24.046)
nw = (c[0] + 2 * (c[0] - berth[0]), c[1] + 2 * (c[1] - berth[1]))
cross = [x for x in assets.crossings(nw, berth) if x[1] == "balticconnector"]
assert len(cross) == 1 and cross[0][2][0] > box[2] + 0.025, cross
slow = cablegeo.along(nw, berth, cross[0][0] - 0.18)
vessels.append(Vessel(mmsi=230300004, name="ANCHOR TWO", imo=9500004, shiptype=79, start_lat=nw[0],
                      start_lon=nw[1], start_time=T0 + 1.5 * H, interval_s=30, static_interval_s=1800,
                      legs=[Leg(slow[0], slow[1], 12.0), Leg(berth[0], berth[1], 5.0), Leg(hold_s=4 * H, status=1)]))

# ANCHOR THREE: arrives, anchors three hours, leaves north across the corridor.
away = (60.05, 24.45)
_, crs = distance_bearing(59.915, 24.065, *away)
cablegeo.check_quiet_end(assets, away, crs, 12.0)
vessels.append(Vessel(mmsi=230300005, name="ANCHOR THREE", imo=9500005, shiptype=80, start_lat=59.80,
                      start_lon=24.50, start_time=T0, interval_s=30, static_interval_s=1800,
                      legs=[Leg(59.90, 24.20, 12.0), Leg(59.915, 24.065, 4.0), Leg(hold_s=3 * H, status=1),
                            Leg(59.96, 24.11, 6.0), Leg(away[0], away[1], 12.0)]))

n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=201, header=[
    "SYNTHETIC data made by tests/scenarios/anchored_in_anchorage/make.py (aissynth); not a recording.",
    "Ships anchor in a test anchorage drawn over the Balticconnector corridor (assets.geojson).",
])
print("track.nmea: %d lines; ANCHOR TWO crosses the pipeline at %.4f N %.4f E" % (n, *cross[0][2]))
