#!/usr/bin/env python3
"""SYNTHETIC scenario: a tanker goes dark 3 km before Estlink 2 and reappears
beyond it 45 minutes later, among traffic that keeps reporting.

Eastbound in the Gulf of Finland traffic lane at 10 kn, the tanker stops
transmitting just before the Estlink 2 HVDC cable (schematic route from the
bundled asset file) and is heard again about 11 km past it. A class A
vessel at 10 kn should report every 10 s (ITU-R M.1371), so 45 minutes of
silence is far beyond coverage fades. Background: a westbound cargo ship
and an eastbound tanker crossing the same cable, and a Helsinki-Tallinn
ferry, all reporting throughout. Expected: one ais_gap on Estlink 2 for the
silent tanker, raised on the clock and updated on its return; nothing else.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

vessels = [
    Vessel(mmsi=518998001, name="DARK STAR", imo=9300007, callsign="E5U1", shiptype=80, length_m=228,
           beam_m=32, destination="RU ULU", start_lat=59.878, start_lon=25.60, start_time=T0,
           legs=[Leg(59.892, 26.02, 10.0),
                 Leg(59.912, 26.30, 10.0, silent=True),
                 Leg(59.935, 26.75, 10.0)]),
    Vessel(mmsi=230998002, name="BALTIC TRADER", imo=9400001, callsign="OJAA", shiptype=70, start_lat=59.96,
           start_lon=26.70, start_time=T0, legs=[Leg(59.93, 25.55, 11.0)]),
    Vessel(mmsi=255998003, name="NORDIC SPIRIT", imo=9400013, callsign="CQAB", shiptype=80, start_lat=59.85,
           start_lon=25.40, start_time=T0 + 300, legs=[Leg(59.88, 26.60, 12.0)]),
    Vessel(mmsi=276998004, name="TALLINK SHUTTLE", imo=9400025, callsign="ESAC", shiptype=60, length_m=212,
           start_lat=60.15, start_lon=24.96, start_time=T0, legs=[Leg(59.45, 24.77, 22.0), Leg(60.15, 24.96, 22.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=11,
               header=["SYNTHETIC AIS for the Lookout scenario gap_near_cable (tools/synth/aissynth.py, seed 11).",
                       "Not real traffic: a tanker goes dark before Estlink 2; background keeps reporting."])
print("wrote %d lines" % n)
