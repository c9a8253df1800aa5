#!/usr/bin/env python3
"""SYNTHETIC negative case: class B leisure craft over Estlink 2 (real,
schematic geometry from data/assets/baltic_north_sea.geojson).
  - SUMMER WIND, a sailing yacht, motors at 7 kn, then tacks across Estlink 2
    at 4-5 kn (a zig-zag far below its motoring speed), heaves to in the
    cable corridor at about 1 kn for 40 minutes (a swim stop) and motors on;
  - BLUE FLASH, a motor yacht, runs at 15 kn and idles across the cable at
    5 kn for about an hour.
Both behave, on AIS, like a class A ship dragging or loitering would; class B
craft (ITU-R M.1371 "CS" units: yachts and small boats) are left out of both
detectors, so nothing may be raised. Invented vessels; deterministic.

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, distance_bearing, write_nmea  # noqa: E402
import cablegeo  # noqa: E402

assets = cablegeo.Assets()
T0 = datetime(2025, 7, 12, 8, 0, tzinfo=timezone.utc).timestamp()

cross = [c for c in assets.crossings((59.80, 26.40), (59.80, 26.00)) if c[1] == "estlink-2"][0][2]
tacks = []
lat, lon = 59.80, 26.36
for i in range(8):  # tacking west: 45 degrees either side of the course
    lon -= 0.03
    lat += 0.012 if i % 2 == 0 else -0.012
    tacks.append(Leg(lat, lon, [4.5, 4.8, 4.2, 4.6, 4.4, 4.9, 4.3, 4.7][i]))
stop = (cross[0], cross[1] - 0.005)
hove_to = [Leg(stop[0] + (0.003 if i % 2 == 0 else -0.003), stop[1], 1.0) for i in range(7)]
end_a = (59.97, 25.60)
_, crs = distance_bearing(*stop, *end_a)
cablegeo.check_quiet_end(assets, end_a, crs, 7.0)
yacht = Vessel(mmsi=230990001, name="SUMMER WIND", shiptype=36, class_b=True, length_m=12, beam_m=4,
               start_lat=59.80, start_lon=26.60, start_time=T0, interval_s=60, static_interval_s=1800,
               legs=[Leg(59.80, 26.36, 7.0)] + tacks + [Leg(stop[0], stop[1], 4.0)] + hove_to
               + [Leg(end_a[0], end_a[1], 7.0)])

start_b, end_b = (59.70, 26.55), (59.93, 25.62)
mid = cablegeo.along(start_b, end_b, 0.22)
slow_to = cablegeo.along(start_b, end_b, 0.40)
assert any(c[1] == "estlink-2" for c in assets.crossings(mid, slow_to))
_, crs = distance_bearing(*slow_to, *end_b)
cablegeo.check_quiet_end(assets, end_b, crs, 15.0)
motor = Vessel(mmsi=230990002, name="BLUE FLASH", shiptype=37, class_b=True, length_m=14, beam_m=4,
               start_lat=start_b[0], start_lon=start_b[1], start_time=T0 + 1800, interval_s=60,
               static_interval_s=1800,
               legs=[Leg(mid[0], mid[1], 15.0), Leg(slow_to[0], slow_to[1], 5.0), Leg(end_b[0], end_b[1], 15.0)])

n = write_nmea(os.path.join(HERE, "track.nmea"), [yacht, motor], seed=712, header=[
    "SYNTHETIC data made by tests/scenarios/anchor_drag_class_b_yacht/make.py (aissynth); not a recording.",
    "Two class B yachts tack, idle and heave to over Estlink 2.",
])
print("track.nmea: %d lines; Estlink 2 crossed at %.4f N %.4f E" % (n, *cross))
