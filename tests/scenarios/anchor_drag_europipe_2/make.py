#!/usr/bin/env python3
"""SYNTHETIC positive case on a real pipeline: a general cargo ship on passage
at 12 kn slows to 5 kn three kilometres before Europipe II, crosses it at that
speed and keeps 5 kn for 40 minutes before resuming, as a ship dragging its
anchor does; two ships cross the pipeline at cruise speed. Pipeline geometry:
data/assets/energy_north_sea_baltic.geojson (Global Energy Monitor's route, a
2 km corridor); the crossing (about 57.96 N 5.64 E) has no other cable or
pipeline within 15 km. Invented vessels; deterministic (fixed seed).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, destination_point, distance_bearing, write_nmea  # noqa: E402
import cablegeo  # noqa: E402

ENERGY = os.path.join(HERE, "..", "..", "..", "data", "assets", "energy_north_sea_baltic.geojson")
assets = cablegeo.Assets()
assets.features.update(cablegeo.Assets(ENERGY).features)
KN = 1852 / 3600

a, b = (58.02, 5.00), (57.93, 6.10)  # eastbound passage across the pipeline
length, course = distance_bearing(*a, *b)
hits = assets.crossings(a, b)
assert [c[1] for c in hits] == ["europipe-2"], hits
cross = hits[0][2]
for aid in assets.line_ids():
    if aid != "europipe-2":
        assert assets.distance_m(aid, cross) > 15000, (aid, assets.distance_m(aid, cross))
d_cross = hits[0][0] * length
slow_at = destination_point(*a, course, d_cross - 3000)
resume_at = destination_point(*slow_at, course, 40 * 60 * 5 * KN)
cablegeo.check_quiet_end(assets, b, course, 12.0)

t0 = datetime(2025, 11, 3, 2, 0, tzinfo=timezone.utc).timestamp()
dragger = Vessel(mmsi=636020001, name="NORTHERN DRIFT", imo=9400001, callsign="D5AA1", shiptype=70,
                 length_m=140, beam_m=22, draught_m=8.0, start_lat=a[0], start_lon=a[1], start_time=t0,
                 interval_s=30, static_interval_s=1800,
                 legs=[Leg(slow_at[0], slow_at[1], 12.0), Leg(resume_at[0], resume_at[1], 5.0),
                       Leg(b[0], b[1], 12.0)])
vessels = [dragger]
for n, (p, q, kn, minute) in enumerate([((58.10, 5.05), (58.03, 6.05), 13.0, 10),
                                        ((57.88, 6.05), (57.95, 4.95), 15.0, 40)]):
    _, crs = distance_bearing(*p, *q)
    assert [c[1] for c in assets.crossings(p, q)] == ["europipe-2"]
    cablegeo.check_quiet_end(assets, q, crs, kn)
    vessels.append(Vessel(mmsi=257600001 + n, name="PASSER %d" % (n + 1), imo=9400010 + n,
                          shiptype=70 + 10 * n, start_lat=p[0], start_lon=p[1], start_time=t0 + minute * 60,
                          legs=[Leg(q[0], q[1], kn)], interval_s=60, static_interval_s=1800))

n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=2002, header=[
    "SYNTHETIC data made by tests/scenarios/anchor_drag_europipe_2/make.py (aissynth); not a recording.",
    "NORTHERN DRIFT slows to 5 kn across Europipe II for 40 min; two ships cross at cruise speed.",
])
print("track.nmea: %d lines; Europipe II crossed at %.4f N %.4f E" % (n, *cross))
