#!/usr/bin/env python3
"""SYNTHETIC negative case: ships arriving at and leaving the Port of Helsinki
(South Harbour), where C-Lion1, Eastern Light, the Finland-Estonia cables and
others land (real, schematic geometry and the port point from
data/assets/baltic_north_sea.geojson). They slow from 12-18 kn to 5-6 kn in
the last 9 km, across the cable corridors converging on the landing point,
and moor; one leaves again after an hour, gathering way across the same
cables. Slowing down to berth is seamanship, not an anchor drag; waiting
moored in port is not loitering. Invented vessels; deterministic.

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
port = tuple(reversed(assets.features["port-helsinki"]["geometry"]["coordinates"]))
T0 = datetime(2025, 6, 2, 5, 0, tzinfo=timezone.utc).timestamp()
H = 3600.0


def within_km(a, b):
    return distance_bearing(*a, *b)[0] / 1000


leave_to = (59.975, 25.45)
for slow_at in [(60.08, 24.96), (60.10, 24.90), (60.09, 25.02)]:
    assert within_km(slow_at, port) < 9.5, slow_at
crossed = set()  # corridors (2 km) the ferry's slow approach runs through
for i in range(11):
    p = cablegeo.along((60.08, 24.96), (60.155, 24.955), i / 10)
    crossed |= {aid for aid in assets.line_ids() if assets.distance_m(aid, p) < 2000}
assert len(crossed) >= 3, crossed
_, crs = distance_bearing(60.10, 25.00, *leave_to)
cablegeo.check_quiet_end(assets, leave_to, crs, 16.0)

vessels = [
    # from Tallinn at 18 kn; 6 kn in; moors an hour; leaves east at 16 kn
    Vessel(mmsi=276100001, name="BALTIC QUEEN", imo=9443255, shiptype=60, length_m=212, beam_m=29,
           start_lat=59.60, start_lon=24.80, start_time=T0, interval_s=30, static_interval_s=1800,
           legs=[Leg(60.08, 24.96, 18.0), Leg(60.155, 24.955, 6.0), Leg(hold_s=H, status=5),
                 Leg(60.10, 25.00, 6.0), Leg(leave_to[0], leave_to[1], 16.0)]),
    # from the west at 12 kn; 5 kn in; moors
    Vessel(mmsi=230400002, name="HELSINKI TRADER", imo=9500100, shiptype=70, length_m=140, beam_m=21,
           start_lat=59.95, start_lon=24.40, start_time=T0 + 0.5 * H, interval_s=30, static_interval_s=1800,
           legs=[Leg(60.10, 24.90, 12.0), Leg(60.150, 24.945, 5.0), Leg(hold_s=3 * H, status=5)]),
    # from the east at 14 kn; 6 kn in; moors
    Vessel(mmsi=230400003, name="KATRINA", imo=9500101, shiptype=80, length_m=180, beam_m=28,
           start_lat=59.98, start_lon=25.50, start_time=T0 + 0.75 * H, interval_s=30, static_interval_s=1800,
           legs=[Leg(60.09, 25.02, 14.0), Leg(60.152, 24.965, 6.0), Leg(hold_s=3 * H, status=5)]),
]
n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=602, header=[
    "SYNTHETIC data made by tests/scenarios/anchor_drag_port_arrival/make.py (aissynth); not a recording.",
    "Ships slow across the cable landings to berth at the Port of Helsinki; one leaves again.",
])
print("track.nmea: %d lines; the ferry's slow approach runs through the corridors of %s" % (n, sorted(crossed)))
