#!/usr/bin/env python3
"""SYNTHETIC scenario: ships at anchor close together in an anchorage.

Two cargo ships and a tanker lie at anchor (navigational status 1) 300 to
400 m apart for two hours inside the Porkkala anchorage of the bundled asset
file (where Eagle S was taken in December 2024): that is what an anchorage
is for. Expected: no rendezvous (and no other alert).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, destination_point, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z
A = (59.945, 24.39)
B = destination_point(A[0], A[1], 90, 300)
C = destination_point(A[0], A[1], 200, 400)

vessels = [
    Vessel(mmsi=230996401, name="WAITING ONE", imo=9500101, callsign="OJW1", shiptype=70, start_lat=A[0],
           start_lon=A[1], start_time=T0, legs=[Leg(hold_s=2 * 3600, status=1)]),
    Vessel(mmsi=230996402, name="WAITING TWO", imo=9500113, callsign="OJW2", shiptype=70, start_lat=B[0],
           start_lon=B[1], start_time=T0 + 20, legs=[Leg(hold_s=2 * 3600, status=1)]),
    Vessel(mmsi=255996403, name="TANK THREE", imo=9300069, callsign="CQT3", shiptype=80, start_lat=C[0],
           start_lon=C[1], start_time=T0 + 40, legs=[Leg(hold_s=2 * 3600, status=1)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=42,
               header=["SYNTHETIC AIS for the Lookout scenario rendezvous_anchorage (tools/synth/aissynth.py, seed 42).",
                       "Not real traffic: three ships at anchor close together in the Porkkala anchorage."])
print("wrote %d lines" % n)
