#!/usr/bin/env python3
"""SYNTHETIC negative case: fishing vessels at work far from any asset (the
sea between Oeland and Gotland, more than 60 km from the nearest cable in
data/assets/baltic_north_sea.geojson). A trawler steams out at 10 kn and
tows at 3-4 kn in long zig-zag runs for four hours; a netter whose static data
gives no name and no type steams out and hauls nets at about
1 kn for 90 minutes; both steam home. Slow, turning and far below their
cruise speed - and harmless: no anchor_drag, no loitering. Invented vessels;
deterministic (fixed seed).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, destination_point, write_nmea  # noqa: E402
import cablegeo  # noqa: E402

assets = cablegeo.Assets()
T0 = datetime(2025, 9, 3, 3, 0, tzinfo=timezone.utc).timestamp()
home, ground = (56.70, 17.50), (56.85, 17.80)

trawl = [Leg(ground[0], ground[1], 10.0)]
p = ground
for i in range(6):  # lawnmower runs, 5 km each, shifted 800 m every run
    heading = 45 if i % 2 == 0 else 225
    p = destination_point(*p, heading, 5000)
    p = destination_point(*p, 135, 800)
    trawl.append(Leg(p[0], p[1], [3.5, 3.2, 3.8, 3.4, 3.6, 3.3][i], yaw_deg=6, yaw_period_s=600))
trawl.append(Leg(home[0], home[1], 10.0))

nets = (56.95, 17.65)
haul = [Leg(nets[0], nets[1], 9.0)]
q = nets
for i in range(6):  # along the net line and back, 700 m a time
    q = destination_point(*q, 90 if i % 2 == 0 else 270, 700)
    haul.append(Leg(q[0], q[1], [1.0, 0.8, 1.2, 0.9, 1.1, 1.0][i]))
haul.append(Leg(home[0] - 0.05, home[1], 9.0))

for a in (home, ground, nets, p, q, (home[0] - 0.05, home[1])):
    _, d = assets.nearest_line(a)
    assert d > 50000, (a, d)
vessels = [
    Vessel(mmsi=265500001, name="TRAWLER SVEA", imo=0, callsign="SFVA", shiptype=30, length_m=28, beam_m=8,
           start_lat=home[0], start_lon=home[1], start_time=T0, legs=trawl, interval_s=60, static_interval_s=1800),
    # its only static report (at the start) carries no name and no ship type
    Vessel(mmsi=265500002, name="", shiptype=0, length_m=15, beam_m=5, start_lat=home[0] - 0.05,
           start_lon=home[1], start_time=T0 + 1800, legs=haul, interval_s=60, static_interval_s=1e9),
]
n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=903, header=[
    "SYNTHETIC data made by tests/scenarios/anchor_drag_fishing_vessels_working/make.py (aissynth); not a recording.",
    "A trawler tows at 3-4 kn and a netter hauls at about 1 kn, far from any asset.",
])
print("track.nmea: %d lines" % n)
