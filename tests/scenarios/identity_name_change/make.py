#!/usr/bin/env python3
"""SYNTHETIC scenario: a ship renames itself at sea; another only re-types
its name.

ANNA K (a tanker) sails north in the Gulf of Bothnia; half way, its static
data starts saying NOVA STAR with the same MMSI and IMO (a renamed hull, as
shadow-fleet tankers often are). SEA WIND, a cargo ship, changes the name it
sends to SEA-WIND: the same name written differently, which is no change.
Expected: one low-scored identity_conflict (name change) for ANNA K, nothing
for SEA WIND.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

anna = dict(mmsi=620996201, imo=9300033, callsign="D6AK", shiptype=80)
wind = dict(mmsi=230996202, imo=9500084, callsign="OJSW", shiptype=70)
vessels = [
    # Each pair is one ship: the second part starts where the first ends.
    Vessel(name="ANNA K", start_lat=62.20, start_lon=20.30, start_time=T0, legs=[Leg(62.35, 20.40, 11.0)], **anna),
    Vessel(name="NOVA STAR", start_lat=62.35, start_lon=20.40, start_time=T0 + 3000,
           legs=[Leg(62.55, 20.55, 11.0)], **anna),
    Vessel(name="SEA WIND", start_lat=62.70, start_lon=21.00, start_time=T0, legs=[Leg(62.55, 20.90, 10.0)], **wind),
    Vessel(name="SEA-WIND", start_lat=62.55, start_lon=20.90, start_time=T0 + 3300,
           legs=[Leg(62.35, 20.80, 10.0)], **wind),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=32,
               header=["SYNTHETIC AIS for the Lookout scenario identity_name_change (tools/synth/aissynth.py, seed 32).",
                       "Not real traffic: ANNA K becomes NOVA STAR; SEA WIND re-types its name as SEA-WIND."])
print("wrote %d lines" % n)
