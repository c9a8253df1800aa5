#!/usr/bin/env python3
"""SYNTHETIC scenario: ships that pass close, and slow ships that stay apart.

Two cargo ships pass each other 250 m apart on reciprocal courses at 12 kn
in the Gulf of Bothnia. Two other ships wait at under 1 kn for an hour,
1.5 km apart (waiting for a pilot or for orders, not alongside). Expected:
no rendezvous, no alert.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, destination_point, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z
W = (62.55, 20.90)
W2 = destination_point(W[0], W[1], 45, 1500)

vessels = [
    Vessel(mmsi=230996501, name="NORTHBOUND", imo=9500125, callsign="OJNB", shiptype=70, start_lat=62.20,
           start_lon=20.500, start_time=T0, legs=[Leg(62.70, 20.500, 12.0)]),
    Vessel(mmsi=230996502, name="SOUTHBOUND", imo=9500137, callsign="OJSB", shiptype=70, start_lat=62.70,
           start_lon=20.505, start_time=T0, legs=[Leg(62.20, 20.505, 12.0)]),
    Vessel(mmsi=265996503, name="PATIENT", imo=9500149, callsign="SKPA", shiptype=70, start_lat=W[0],
           start_lon=W[1], start_time=T0, legs=[Leg(hold_s=3600)]),
    Vessel(mmsi=265996504, name="WAITING", imo=9500151, callsign="SKWA", shiptype=80, start_lat=W2[0],
           start_lon=W2[1], start_time=T0 + 30, legs=[Leg(hold_s=3600)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=43,
               header=["SYNTHETIC AIS for the Lookout scenario rendezvous_passing (tools/synth/aissynth.py, seed 43).",
                       "Not real traffic: two ships pass 250 m apart at speed; two slow ships stay 1.5 km apart."])
print("wrote %d lines" % n)
