#!/usr/bin/env python3
"""SYNTHETIC reconstruction of the Eagle S anchor drag of 25 December 2024,
on the real (schematic) cable geometry of data/assets/baltic_north_sea.geojson,
among background traffic that crosses the same cables normally.

Published facts used (../shared/data/incidents/baltic_cable_incidents.csv,
EGS-2024-12): Eagle S (IMO 9329760, oil products
tanker, 228 m) westbound in the Gulf of Finland at 8.5 kn at 11:00 EET, 6.3 kn
at about 11:35, Estlink 2 failed at 12:26 EET (10:26 UTC); the seabed drag trace
is about 100 km long and crosses Estlink 2 and telecom cables; the vessel kept
status "under way". Its MMSI is not in the incident table: 518998950 stands in
(a Cook Islands MID). Everything else (the exact track, the zig-zag, the
background vessels) is invented. Deterministic: fixed seed.

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, distance_bearing, write_nmea  # noqa: E402
import cablegeo  # noqa: E402

KN = 1852.0 / 3600.0
assets = cablegeo.Assets()


def utc(*args) -> float:
    return datetime(*args, tzinfo=timezone.utc).timestamp()


# --- Eagle S ---------------------------------------------------------------
lane_east = (59.985, 26.40)     # in the westbound lane, east of Estlink 2
lane_west = (59.995, 24.43)     # off Porkkala, clear of every corridor
start = (60.03, 26.80)          # off Kotka
cross = [c for c in assets.crossings(lane_east, lane_west) if c[1] == "estlink-2"][0]
lane_len, _ = distance_bearing(*lane_east, *lane_west)
slow_frac = cross[0] - 35 * 60 * 6.3 * KN / lane_len      # 35 min at 6.3 kn before the crossing
slow_at = cablegeo.along(lane_east, lane_west, slow_frac)

t_cross = utc(2024, 12, 25, 10, 26)                          # 12:26 EET
cruise_m = distance_bearing(*start, *lane_east)[0] + distance_bearing(*lane_east, *slow_at)[0]
t_start = t_cross - 35 * 60 - cruise_m / (8.5 * KN)

# The drag: about 93 km at 5.8-6.6 kn, the heading swinging 12 degrees either
# way with a 7 minute period, then a stop clear of the corridors.
drag = []
speeds = [6.3, 6.0, 6.6, 5.8, 6.2, 6.5, 6.1, 6.3]
for i, kn in enumerate(speeds):
    to = cablegeo.along(slow_at, lane_west, (i + 1) / len(speeds))
    drag.append(Leg(to[0], to[1], kn, yaw_deg=12, yaw_period_s=420))

eagle = Vessel(
    mmsi=518998950, name="EAGLE S", imo=9329760, callsign="E5U4439", shiptype=80,
    length_m=228, beam_m=32, draught_m=11.0, destination="PORT SAID",
    start_lat=start[0], start_lon=start[1], start_time=t_start, interval_s=60, static_interval_s=1800,
    legs=[Leg(lane_east[0], lane_east[1], 8.5), Leg(slow_at[0], slow_at[1], 8.5)] + drag
    + [Leg(hold_s=3600)],
)

# --- Background: the same cables crossed at cruise speed --------------------
# (mmsi, name, type, class B, start, end, speed, start time UTC h:m)
T0 = utc(2024, 12, 25, 0, 0)
background = [
    # westbound across Estlink 2, ending in the cable-free water at 25.6 E
    (230100001, "BALTIC TRADER", 70, False, (59.90, 26.70), (59.90, 25.60), 12.0, (7, 10)),
    (230100002, "NORDIC SPIRIT", 80, False, (59.93, 26.75), (59.93, 25.60), 14.0, (8, 0)),
    (230100003, "FINNLADY", 60, False, (59.96, 26.70), (59.96, 25.60), 18.0, (9, 5)),
    (230100004, "KOTKA CARRIER", 79, False, (60.00, 26.75), (60.00, 25.60), 11.0, (9, 40)),
    (230100005, "TALLINK STAR", 61, False, (59.88, 26.70), (59.88, 25.60), 17.0, (10, 10)),
    (230100006, "WESTERN LADY", 84, False, (59.95, 26.72), (59.95, 25.60), 13.0, (11, 0)),
    (230100007, "SEA BREEZE", 37, True, (59.97, 26.60), (59.97, 25.60), 9.5, (10, 30)),
    # eastbound across Estlink 2
    (230100011, "VIKING SUN", 70, False, (59.92, 25.50), (59.92, 26.70), 12.5, (8, 20)),
    (230100012, "POLAR GAS", 84, False, (59.99, 25.50), (59.99, 26.70), 15.0, (9, 50)),
    (230100013, "ARCTIC BULK", 70, False, (59.95, 25.50), (59.95, 26.70), 10.0, (10, 5)),
    (230100014, "HAMINA TUG", 52, False, (59.90, 25.55), (59.90, 26.60), 9.0, (11, 20)),
    (230100015, "OSTSEE", 0, False, (59.97, 25.50), (59.97, 26.70), 11.5, (12, 15)),
    # south-westbound, across Estlink 2 on the diagonal
    (230100021, "BALTIC FISHER", 30, False, (60.05, 26.50), (59.82, 25.60), 10.0, (9, 0)),
    (230100022, "LADOGA", 79, False, (60.02, 26.55), (59.84, 25.62), 12.0, (13, 0)),
    # westbound across the telecom cables west of Estlink 2 (Eagle S's drag)
    (230100031, "SUOMI CARGO", 70, False, (59.975, 25.60), (59.985, 24.40), 12.0, (10, 40)),
    (230100032, "BIRKA LINE", 60, False, (59.995, 25.60), (60.005, 24.40), 13.0, (12, 30)),
    (230100033, "PORVOO", 80, False, (59.985, 25.60), (59.995, 24.40), 13.5, (14, 0)),
    (230100034, "MERI", 37, True, (59.98, 25.55), (59.99, 24.40), 9.0, (13, 30)),
    # eastbound across the same telecom cables
    (230100041, "INKOO TRADER", 70, False, (59.99, 24.30), (59.99, 25.55), 11.0, (11, 10)),
    (230100042, "VIRVE", 69, False, (59.97, 24.30), (59.97, 25.55), 16.0, (12, 40)),
    (230100043, "NOVA", 80, False, (60.00, 24.30), (60.00, 25.55), 14.5, (15, 0)),
    (230100045, "SILJA WAVE", 60, False, (59.985, 24.30), (59.985, 25.55), 18.0, (16, 0)),
    (230100044, "AALTO", 36, True, (59.96, 24.30), (59.96, 25.55), 9.5, (14, 20)),
]

vessels = [eagle]
for mmsi, name, shiptype, class_b, a, b, kn, (hh, mm) in background:
    dist, course = distance_bearing(*a, *b)
    cablegeo.check_quiet_end(assets, b, course, kn)
    assert assets.crossings(a, b), name + " crosses no cable"
    vessels.append(Vessel(
        mmsi=mmsi, name=name, imo=0 if class_b else 9100000 + mmsi % 100000, callsign="OH%04d" % (mmsi % 10000),
        shiptype=shiptype, length_m=25 if class_b else 140, beam_m=6 if class_b else 22,
        start_lat=a[0], start_lon=a[1], start_time=T0 + hh * 3600 + mm * 60,
        legs=[Leg(b[0], b[1], kn)], class_b=class_b, interval_s=90, static_interval_s=1800,
    ))

n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=20241225, header=[
    "SYNTHETIC data made by tests/scenarios/eagle_s_estlink2/make.py (aissynth); not a recording.",
    "Eagle S (MMSI 518998950 stands in) drags its anchor across Estlink 2 and the telecom cables",
    "west of it on 25 Dec 2024, reconstructed from published facts; 22 background vessels cross",
    "the same cables at cruise speed. Cable geometry: data/assets/baltic_north_sea.geojson.",
])
print("track.nmea: %d lines; Eagle S slows at %.4f N %.4f E, crosses Estlink 2 at %.4f N %.4f E"
      % (n, slow_at[0], slow_at[1], cross[2][0], cross[2][1]))
