#!/usr/bin/env python3
"""SYNTHETIC negative case: ordinary traffic in the north-south lane between
Oeland and Gotland, crossing C-Lion1, NordBalt and the NordBalt fibre (real,
schematic geometry from data/assets/baltic_north_sea.geojson) at cruise speed.
Some ships change speed the way ships do: one slows down well south of the
cables after crossing them, one slows for half an hour far from any cable and
speeds up again long before reaching them, one eases off by 11% while
crossing, one varies its speed, one steams slowly (8.5 kn) all the way.
Nothing here is an anchor drag or loitering. Invented vessels; deterministic.

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
T0 = datetime(2025, 5, 20, 4, 0, tzinfo=timezone.utc).timestamp()
N, S = 56.40, 55.45   # lane ends: clear of every cable


def lane(lon_from, lon_to, southbound):
    return ((N, lon_from), (S, lon_to)) if southbound else ((S, lon_from), (N, lon_to))


def legs_at(a, b, plan):
    """Legs from a to b: plan is [(fraction of the way, speed)] in order."""
    return [Leg(a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), kn) for f, kn in plan]


# (mmsi, name, type, class B, lane (from lon, to lon, southbound), plan, start minute)
ships = [
    (265100001, "GOTHIA", 70, False, (17.60, 17.60, True), [(1, 12.0)], 0),
    (265100002, "BALTIC CARRIER", 80, False, (18.00, 18.00, True), [(1, 14.5)], 20),
    (265100003, "SKAGEN", 79, False, (18.40, 18.40, True), [(1, 10.0)], 45),
    (265100004, "STENA BALTICA", 60, False, (17.80, 17.80, False), [(1, 17.5)], 10),
    (265100005, "KALMAR", 70, False, (18.20, 18.30, False), [(1, 13.0)], 60),
    (265100006, "WIND SPIRIT", 84, False, (18.20, 17.90, True), [(1, 16.0)], 90),
    (265100007, "NORRA", 0, False, (17.70, 17.70, False), [(1, 11.0)], 120),
    (265100008, "ODIN", 31, False, (18.10, 18.10, True), [(1, 9.0)], 30),
    # slows down gently after the last cable, well clear of it, and ends there
    (265100011, "SLOW DOWN", 70, False, (17.90, 17.90, True),
     [(0.80, 13.0), (0.85, 11.0), (0.90, 9.0), (1, 7.0)], 15),
    # slows for half an hour far south of the cables, then back to cruise
    (265100012, "WAITING GAME", 80, False, (18.30, 18.30, False),
     [(0.02, 12.0), (0.14, 7.5), (1, 12.0)], 40),
    # eases off by 11% across the cables
    (265100013, "EASY RIDER", 70, False, (17.65, 17.65, True), [(0.2, 14.0), (0.75, 12.5), (1, 14.0)], 70),
    # varies its speed by a knot or so
    (265100014, "WOBBLE", 79, False, (18.05, 18.05, False),
     [(0.2, 12.0), (0.4, 11.0), (0.6, 12.5), (0.8, 11.2), (1, 12.0)], 100),
    # a slow steamer: its cruise is 8.5 kn
    (265100015, "SLOW STEAMER", 70, False, (17.75, 17.75, True), [(1, 8.5)], 5),
    # class B motor yachts
    (265100021, "FREYA", 37, True, (17.85, 17.85, False), [(1, 9.5)], 50),
    (265100022, "SEA WOLF", 37, True, (18.15, 18.15, True), [(1, 10.0)], 80),
]

vessels = []
for mmsi, name, shiptype, class_b, (lon_a, lon_b, south), plan, minute in ships:
    a, b = lane(lon_a, lon_b, south)
    _, crs = distance_bearing(*a, *b)
    assert {"c-lion1", "nordbalt", "nordbalt-fibre"} <= {c[1] for c in assets.crossings(a, b)}, name
    cablegeo.check_quiet_end(assets, b, crs, plan[-1][1])
    vessels.append(Vessel(
        mmsi=mmsi, name=name, imo=0 if class_b else 9400000 + mmsi % 1000, callsign="SM%04d" % (mmsi % 10000),
        shiptype=shiptype, length_m=18 if class_b else 150, beam_m=5 if class_b else 23,
        start_lat=a[0], start_lon=a[1], start_time=T0 + minute * 60, legs=legs_at(a, b, plan),
        class_b=class_b, interval_s=120, static_interval_s=1800,
    ))

n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=520, header=[
    "SYNTHETIC data made by tests/scenarios/normal_transit/make.py (aissynth); not a recording.",
    "15 ships cross C-Lion1, NordBalt and the NordBalt fibre normally; some change speed far from",
    "the cables or only a little. Cable geometry: data/assets/baltic_north_sea.geojson.",
])
print("track.nmea: %d lines" % n)
