#!/usr/bin/env python3
"""SYNTHETIC scenario: a spoofed position jump, and a one-off glitch.

HAZE RUNNER (a tanker in the Gulf of Bothnia, far from any asset) reports
normally for 40 minutes; then its reports jump 45 km east and carry on from
there, the track it was on never heard again: one of the two positions is
false (AIS spoofing), or it moved unseen. PAPER MOON reports one impossible
position 30 km off its track once (a receiver or GNSS glitch) and carries on.
NORTHERN WAY is an ordinary transit. Expected: one position_jump for HAZE
RUNNER scored as a relocation (50 or more), one low position_jump for PAPER
MOON, nothing for NORTHERN WAY.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

common = dict(mmsi=636996001, name="HAZE RUNNER", imo=9300019, callsign="D5HR", shiptype=80, length_m=183)
vessels = [
    # The real track, heard until about 10:30 ...
    Vessel(start_lat=62.30, start_lon=20.30, start_time=T0, legs=[Leg(62.38, 20.40, 11.0)], **common),
    # ... then reports from 45 km east of it, moving on as if nothing happened.
    Vessel(start_lat=62.45, start_lon=21.32, start_time=T0 + 2700, legs=[Leg(62.75, 21.55, 11.0)], **common),
    Vessel(mmsi=230996002, name="PAPER MOON", imo=9500022, callsign="OJPM", shiptype=70, start_lat=62.60,
           start_lon=20.10, start_time=T0, legs=[Leg(62.20, 19.90, 12.0)],
           glitches=[(T0 + 1805, 62.50, 20.65)]),
    Vessel(mmsi=265996003, name="NORTHERN WAY", imo=9500034, callsign="SKNW", shiptype=70, start_lat=62.10,
           start_lon=20.80, start_time=T0, legs=[Leg(62.70, 20.95, 12.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=21,
               header=["SYNTHETIC AIS for the Lookout scenario jump_spoofed (tools/synth/aissynth.py, seed 21).",
                       "Not real traffic: one MMSI jumps 45 km and stays there; another has a single bad fix."])
print("wrote %d lines" % n)
