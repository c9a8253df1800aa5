#!/usr/bin/env python3
"""SYNTHETIC scenario: a cargo ship goes dark for 45 minutes in the middle of
the Gulf of Bothnia, more than 70 km from any cable or pipeline and on a
course toward none.

Silence far from protected assets is everyday AIS (coverage holes, a
receiver's range); ais_gap must stay quiet. A second vessel keeps reporting,
so the feed itself is alive. Expected: no alert at all.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

vessels = [
    Vessel(mmsi=230997001, name="BOTHNIA CARRIER", imo=9500008, callsign="OJBC", shiptype=70, start_lat=62.20,
           start_lon=20.40, start_time=T0,
           legs=[Leg(62.40, 20.50, 11.0), Leg(62.55, 20.58, 11.0, silent=True), Leg(62.90, 20.75, 11.0)]),
    Vessel(mmsi=265997002, name="UMEA EXPRESS", imo=9500010, callsign="SKUE", shiptype=70, start_lat=62.70,
           start_lon=20.90, start_time=T0, legs=[Leg(62.10, 20.20, 12.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=12,
               header=["SYNTHETIC AIS for the Lookout scenario gap_far_at_sea (tools/synth/aissynth.py, seed 12).",
                       "Not real traffic: a cargo ship goes dark far from any asset."])
print("wrote %d lines" % n)
