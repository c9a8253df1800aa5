#!/usr/bin/env python3
"""SYNTHETIC reconstruction of the Yi Peng 3 anchor drag of 17-18 November
2024 across BCS East-West Interlink and C-Lion1, on the real (schematic) cable
geometry of data/assets/baltic_north_sea.geojson, among background traffic
that crosses both cables normally.

Published facts used (../shared/data/incidents/baltic_cable_incidents.csv,
YP3-2024-11): Yi Peng 3 (IMO 9224984, MMSI 414270000, bulk carrier, 225 m)
southwest-bound through the central Baltic; lost speed and made course changes
at each crossing; anchor reportedly dropped about 21:00 local on 17 Nov
(19:00 UTC); C-Lion1 failed about 03:00-04:00 local on 18 Nov; drag about
160-180 km; drifted back and forth for about an hour on the morning of
18 Nov. Public times conflict; this script crosses BCS at about 19:00 UTC on
17 Nov and C-Lion1 in the early hours of 18 Nov at a drag speed of 6-7.5 kn
(about 162 km in all). The track, the turns and the background vessels are
invented. Deterministic: fixed seed.

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


def utc(*args) -> float:
    return datetime(*args, tzinfo=timezone.utc).timestamp()


# --- Yi Peng 3 ---------------------------------------------------------------
A = (57.50, 19.75)   # east of Gotland, west of C-Lion1's northern leg
B = (56.20, 18.35)   # by C-Lion1, east of Oeland
length, course = distance_bearing(*A, *B)
far = destination_point(*A, course, 1.3 * length)
length *= 1.3
hits = {aid: (frac, pt) for frac, aid, pt in assets.crossings(A, far)}
d_bcs = hits["bcs-east-west"][0] * length
d_cl = hits["c-lion1"][0] * length


def at(d_m, offset_m=0.0):
    """The point d_m along A->B (beyond B too), moved offset_m to the right."""
    lat, lon = destination_point(*A, course, d_m)
    if offset_m:
        lat, lon = destination_point(lat, lon, course + 90, offset_m)
    return lat, lon


def leg(p, kn, yaw=0.0):
    return Leg(p[0], p[1], kn, yaw_deg=yaw, yaw_period_s=480)


km = 1000.0
legs = [
    leg(at(d_bcs - 25 * km), 10.5),                  # passage speed
    leg(at(d_bcs - 5 * km), 7.0, 8),                 # slows: the anchor is down
    leg(at(d_bcs, 3 * km), 6.0, 12),                 # turns and slows at BCS
    leg(at(d_bcs + 5 * km), 6.0, 12),
    leg(at(d_cl - 6 * km), 7.5, 8),                  # drags on towards C-Lion1
    leg(at(d_cl, -3 * km), 6.0, 12),                 # turns and slows at C-Lion1
    leg(at(d_cl + 5 * km), 6.0, 12),
    leg(at(d_cl + 15 * km), 7.0, 8),
    Leg(hold_s=3600),                                # drifts about an hour
]
end = at(d_cl + 15 * km)
_, clear = assets.nearest_line(end)
assert clear > 6000, "the drift must be clear of every corridor"
cruise_m = d_bcs - 25 * km
t_slow = utc(2024, 11, 17, 17, 0)
yi_peng = Vessel(
    mmsi=414270000, name="YI PENG 3", imo=9224984, callsign="BOAX9", shiptype=70,
    length_m=225, beam_m=32, draught_m=9.5, destination="PORT SAID",
    start_lat=A[0], start_lon=A[1], start_time=t_slow - cruise_m / (10.5 * 1852 / 3600),
    interval_s=60, static_interval_s=1800, legs=legs,
)

# --- Background: both cables crossed at cruise speed --------------------------
# (mmsi, name, type, class B, start, end, speed, start time: day of Nov, h, m)
background = [
    # south-west bound along the same lane, offset east or west
    (257100001, "NORDIC BULKER", 70, False, (57.55, 19.90), (56.15, 18.60), 12.0, (17, 12, 0)),
    (257100002, "BALTIC PRIDE", 80, False, (57.45, 19.60), (56.15, 18.45), 14.0, (17, 15, 30)),
    (257100003, "STAR OF RIGA", 79, False, (57.52, 19.80), (56.15, 18.45), 11.0, (17, 18, 0)),
    (257100004, "GDANSK SPIRIT", 84, False, (57.48, 19.70), (56.16, 18.55), 15.5, (17, 21, 0)),
    # north-east bound, C-Lion1 first
    (257100011, "POLARIS", 70, False, (56.10, 18.40), (57.30, 19.70), 12.5, (17, 14, 0)),
    (257100012, "KLAIPEDA", 80, False, (56.12, 18.55), (57.28, 19.78), 13.0, (17, 20, 30)),
    (257100013, "SKANDI", 0, False, (56.08, 18.30), (57.26, 19.62), 10.0, (18, 0, 30)),
    # east-bound near where the cables meet, both crossed within 30 km
    (257100021, "NYNASHAMN", 60, False, (57.15, 19.00), (57.15, 20.70), 17.0, (17, 16, 0)),
    (257100022, "VENTSPILS", 69, False, (57.05, 19.05), (57.05, 20.65), 15.0, (17, 22, 0)),
    (257100023, "AMBER", 70, False, (57.10, 18.95), (57.10, 20.70), 11.5, (18, 1, 0)),
    (257100024, "GOTLAND SAILOR", 37, True, (57.00, 19.00), (57.00, 20.60), 9.0, (17, 19, 0)),
    # south-south-west bound
    (257100031, "VISBY", 70, False, (57.45, 19.45), (56.15, 18.95), 12.0, (17, 23, 0)),
    (257100032, "OLAND", 30, False, (57.40, 19.40), (56.16, 18.90), 10.0, (18, 2, 0)),
    (257100033, "HANSA", 80, False, (57.48, 19.50), (56.17, 19.00), 13.5, (17, 17, 0)),
]

vessels = [yi_peng]
for mmsi, name, shiptype, class_b, a, b, kn, (day, hh, mm) in background:
    _, crs = distance_bearing(*a, *b)
    crossed = {c[1] for c in assets.crossings(a, b)}
    assert {"bcs-east-west", "c-lion1"} <= crossed, "%s crosses %s" % (name, crossed)
    cablegeo.check_quiet_end(assets, b, crs, kn)
    vessels.append(Vessel(
        mmsi=mmsi, name=name, imo=0 if class_b else 9200000 + mmsi % 100000, callsign="SB%04d" % (mmsi % 10000),
        shiptype=shiptype, length_m=20 if class_b else 160, beam_m=5 if class_b else 24,
        start_lat=a[0], start_lon=a[1], start_time=utc(2024, 11, day, hh, mm),
        legs=[Leg(b[0], b[1], kn)], class_b=class_b, interval_s=120, static_interval_s=1800,
    ))

n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=20241117, header=[
    "SYNTHETIC data made by tests/scenarios/yi_peng_3/make.py (aissynth); not a recording.",
    "Yi Peng 3 (MMSI 414270000) drags its anchor across BCS East-West Interlink and C-Lion1 on",
    "17-18 Nov 2024, reconstructed from published facts; 14 background vessels cross both",
    "cables at cruise speed. Cable geometry: data/assets/baltic_north_sea.geojson.",
])
print("track.nmea: %d lines; BCS crossed %.1f km and C-Lion1 %.1f km along the lane" % (n, d_bcs / km, d_cl / km))
