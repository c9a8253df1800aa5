#!/usr/bin/env python3
"""SYNTHETIC positive case on a real wind farm: a cargo ship leaves the lane,
enters the Roedsand 2 wind farm (south of Lolland) and hovers among its turbines at 1-2 kn for
65 minutes, then leaves; two ships pass the farm at cruise speed 8 km and
more away. Wind farm geometry: data/assets/energy_north_sea_baltic.geojson
(the convex hull of the farm's 90 turbines in the Danish Energy Agency's
register, with a 500 m corridor); the hover point has no cable or pipeline
within 10 km. Invented vessels; deterministic (fixed seed).

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

farm = assets.features["rodsand-2"]["geometry"]["coordinates"][0]
hover = (54.55, 11.53)
lats = [c[1] for c in farm]
lons = [c[0] for c in farm]
assert min(lats) + 0.01 < hover[0] < max(lats) - 0.01 and min(lons) + 0.01 < hover[1] < max(lons) - 0.01
aid, d = assets.nearest_line(hover)
assert d > 10000, (aid, d)

north = destination_point(*hover, 20, 250)
south = destination_point(*hover, 200, 250)
legs = [Leg(hover[0], hover[1], 9.0)]
speeds = [1.5, 1.2, 1.8, 1.4, 1.9, 1.3, 1.6, 1.5, 1.7, 1.2, 1.8, 1.4]
t, i = 0.0, 0
while t < 65 * 60:
    kn = speeds[i % len(speeds)]
    to = north if i % 2 == 0 else south
    legs.append(Leg(to[0], to[1], kn))
    t += 500 / (kn * 1852 / 3600)
    i += 1
home = (54.33, 11.50)
_, crs = distance_bearing(*hover, *home)
legs.append(Leg(home[0], home[1], 11.0))
cablegeo.check_quiet_end(assets, home, crs, 11.0)
t0 = datetime(2025, 10, 2, 21, 0, tzinfo=timezone.utc).timestamp()
loiterer = Vessel(mmsi=636020002, name="CARGO WIND", imo=9400002, callsign="D5AA2", shiptype=70,
                  length_m=110, beam_m=17, start_lat=54.46, start_lon=11.45, start_time=t0,
                  legs=legs, interval_s=30, static_interval_s=1800)

passers = []
for n, (p, q, kn, minute) in enumerate([((54.33, 11.40), (54.45, 11.62), 12.0, 15),
                                        ((54.45, 11.64), (54.35, 11.40), 14.0, 45)]):
    _, c = distance_bearing(*p, *q)
    cablegeo.check_quiet_end(assets, q, c, kn)
    passers.append(Vessel(mmsi=219600001 + n, name="PASSER %d" % (n + 1), imo=9400020 + n,
                          shiptype=70 + 10 * n, start_lat=p[0], start_lon=p[1], start_time=t0 + minute * 60,
                          legs=[Leg(q[0], q[1], kn)], interval_s=60, static_interval_s=1800))

n = write_nmea(os.path.join(HERE, "track.nmea"), [loiterer] + passers, seed=2003, header=[
    "SYNTHETIC data made by tests/scenarios/loitering_in_wind_farm/make.py (aissynth); not a recording.",
    "CARGO WIND hovers at 1-2 kn inside Roedsand 2 for 65 min; two ships pass at cruise speed.",
])
print("track.nmea: %d lines" % n)
