#!/usr/bin/env python3
"""SYNTHETIC scenario: two ships transmit the same MMSI at the same time.

KOLGA (a tanker) and a general cargo ship MARLIN both use MMSI 352996001 (a
copied or mistyped MMSI; also how a spoofed identity looks), 50 km apart in
the Gulf of Bothnia, each reporting every 10 s and sending its own static
data (name and IMO) every 6 minutes. A third ship is an ordinary transit.
Expected: identity_conflict for the MMSI (two places at once, and IMO/name
flipping back and forth) and a position_jump for the burst of impossible
positions scored as a second place; nothing else.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

vessels = [
    Vessel(mmsi=352996001, name="KOLGA", imo=9300021, callsign="3EKG", shiptype=80, start_lat=62.20,
           start_lon=20.20, start_time=T0, legs=[Leg(62.55, 20.45, 11.0)]),
    Vessel(mmsi=352996001, name="MARLIN", imo=9400037, callsign="3EML", shiptype=70, start_lat=62.50,
           start_lon=21.30, start_time=T0 + 95, legs=[Leg(62.15, 21.05, 10.0)]),
    Vessel(mmsi=265996101, name="SUNDSVALL", imo=9500072, callsign="SKSU", shiptype=70, start_lat=62.70,
           start_lon=20.90, start_time=T0, legs=[Leg(62.10, 20.70, 12.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=31,
               header=["SYNTHETIC AIS for the Lookout scenario identity_two_ships_one_mmsi (tools/synth/aissynth.py, seed 31).",
                       "Not real traffic: two ships transmit MMSI 352996001 at once, 50 km apart."])
print("wrote %d lines" % n)
