#!/usr/bin/env python3
"""SYNTHETIC positive case modelled on Vezhen (26 Jan 2025): a bulk carrier
crosses a cable at its cruise speed and slows down only afterwards - "AIS
showed the vessel slowing for about 30 minutes after crossing"
(../shared/data/incidents/baltic_cable_incidents.csv, VZH-2025-01). The
LVRTC Ventspils-Gotland cable Vezhen damaged is not in the bundled asset file;
the Sweden-Latvia cable east of Gotland (real, schematic geometry from
data/assets/baltic_north_sea.geojson) stands in for it. The ship crosses at
11 kn, slows to 5 kn eight minutes later (about 1 km outside the 2 km
corridor) and keeps that speed for 30 minutes before resuming. Four ships
cross the same cable at cruise speed. MMSI 256000123 stands in (Malta);
invented track. Deterministic (fixed seed).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, destination_point, distance_bearing, write_nmea  # noqa: E402
import cablegeo  # noqa: E402

assets = cablegeo.Assets()
KN = 1852 / 3600
a, b = (57.86, 19.89), (57.30, 19.55)
length, course = distance_bearing(*a, *b)
hits = [c for c in assets.crossings(a, b)]
assert [c[1] for c in hits] == ["sweden-latvia"], hits
d_cross = hits[0][0] * length
slow_at = destination_point(*a, course, d_cross + 8 * 60 * 11 * KN)     # 8 min after crossing
resume_at = destination_point(*slow_at, course, 30 * 60 * 5 * KN)       # 30 min at 5 kn
assert assets.distance_m("sweden-latvia", slow_at) > 2500
cablegeo.check_quiet_end(assets, b, course, 11.0)

t_cross = datetime(2025, 1, 26, 0, 45, tzinfo=timezone.utc).timestamp()  # 00:45 GMT
vezhen = Vessel(mmsi=256000123, name="VEZHEN", imo=9937270, callsign="9HA5000", shiptype=70,
                length_m=190, beam_m=32, draught_m=10.0, start_lat=a[0], start_lon=a[1],
                start_time=t_cross - d_cross / (11 * KN), interval_s=30, static_interval_s=1800,
                legs=[Leg(slow_at[0], slow_at[1], 11.0), Leg(resume_at[0], resume_at[1], 5.0),
                      Leg(b[0], b[1], 11.0)])

vessels = [vezhen]
for n, (p, q, kn, minutes) in enumerate([((57.88, 19.80), (57.40, 19.60), 12.0, -60),
                                         ((57.30, 19.70), (57.95, 20.05), 14.0, -20),
                                         ((57.85, 19.60), (57.40, 19.45), 10.0, 10),
                                         ((57.35, 19.85), (57.98, 20.20), 16.0, 40)]):
    _, crs = distance_bearing(*p, *q)
    assert any(c[1] == "sweden-latvia" for c in assets.crossings(p, q))
    cablegeo.check_quiet_end(assets, q, crs, kn)
    vessels.append(Vessel(mmsi=265600001 + n, name="CROSSER %d" % (n + 1), imo=9600001 + n, shiptype=70 + 10 * (n % 2),
                          start_lat=p[0], start_lon=p[1], start_time=t_cross + minutes * 60,
                          legs=[Leg(q[0], q[1], kn)], interval_s=60, static_interval_s=1800))

n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=126, header=[
    "SYNTHETIC data made by tests/scenarios/anchor_drag_slowdown_after_crossing/make.py (aissynth); not a recording.",
    "A bulk carrier (Vezhen stand-in) crosses the Sweden-Latvia cable at 11 kn and slows to 5 kn for 30 min",
    "just after; four ships cross at cruise speed.",
])
print("track.nmea: %d lines" % n)
