#!/usr/bin/env python3
"""SYNTHETIC scenario: a ship-to-ship meeting in open water.

Two tankers, VOLNA and SAKAR, converge on a point in the Gulf of Bothnia
(70 km from any cable, far from any port or anchorage), drift about 200 m
apart at under 1 kn for 70 minutes (a transfer alongside, fenders out) and
part. A cargo ship passes 3 km away at cruise speed. Expected: one
rendezvous naming both tankers; nothing else.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, destination_point, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z
MEET = (62.45, 20.55)
B_POS = destination_point(MEET[0], MEET[1], 90, 200)  # 200 m east of A

vessels = [
    Vessel(mmsi=273996301, name="VOLNA", imo=9300045, callsign="UBVO", shiptype=80, length_m=180,
           start_lat=62.25, start_lon=20.35, start_time=T0,
           legs=[Leg(MEET[0], MEET[1], 10.0), Leg(hold_s=70 * 60), Leg(62.75, 20.70, 10.0)]),
    Vessel(mmsi=636996302, name="SAKAR", imo=9300057, callsign="D5SK", shiptype=80, length_m=250,
           start_lat=62.62, start_lon=20.95, start_time=T0 - 600,
           legs=[Leg(B_POS[0], B_POS[1], 10.0), Leg(hold_s=80 * 60), Leg(62.20, 20.90, 10.0)]),
    Vessel(mmsi=230996303, name="PASSING BY", imo=9500096, callsign="OJPB", shiptype=70,
           start_lat=62.10, start_lon=20.62, start_time=T0 + 1800, legs=[Leg(62.80, 20.62, 12.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=41,
               header=["SYNTHETIC AIS for the Lookout scenario rendezvous_open_sea (tools/synth/aissynth.py, seed 41).",
                       "Not real traffic: two tankers drift 200 m apart for over an hour at sea."])
print("wrote %d lines" % n)
