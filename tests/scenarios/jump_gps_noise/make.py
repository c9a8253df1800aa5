#!/usr/bin/env python3
"""SYNTHETIC scenario: GNSS noise is not a jump.

Three ships in the Gulf of Bothnia report positions with Gaussian errors of
25, 60 and 150 m (an old receiver, multipath near superstructure, a poor
fix), one of them slow (3 kn) so that the noise is large against its own
movement. None of this is an impossible movement. Expected: no alert.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

vessels = [
    Vessel(mmsi=230995001, name="STEADY ONE", imo=9500046, callsign="OJS1", shiptype=70, start_lat=62.20,
           start_lon=20.20, start_time=T0, legs=[Leg(62.60, 20.40, 12.0)], position_noise_m=25),
    Vessel(mmsi=230995002, name="WOBBLY TWO", imo=9500058, callsign="OJW2", shiptype=70, start_lat=62.65,
           start_lon=20.70, start_time=T0, legs=[Leg(62.25, 20.55, 10.0)], position_noise_m=60),
    Vessel(mmsi=230995003, name="SLOW THREE", imo=9500060, callsign="OJS3", shiptype=30, start_lat=62.40,
           start_lon=21.00, start_time=T0, legs=[Leg(62.45, 21.10, 3.0)], position_noise_m=150),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=22,
               header=["SYNTHETIC AIS for the Lookout scenario jump_gps_noise (tools/synth/aissynth.py, seed 22).",
                       "Not real traffic: ordinary transits with noisy position fixes."])
print("wrote %d lines" % n)
