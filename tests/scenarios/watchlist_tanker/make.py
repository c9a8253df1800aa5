#!/usr/bin/env python3
"""SYNTHETIC scenario: a watch-listed tanker among unlisted traffic.

SHADOW PEARL (IMO 9300075, on the synthetic watch list watchlist.csv)
transits the Gulf of Bothnia with four unlisted vessels:
  - BAHAMA STAR uses MMSI 311996602, which the list gives for the listed hull
    OLD GLORY (IMO 9300087), but reports its own IMO 9500168: the MMSI was
    reassigned, so it is not the listed hull (its MMSI match is retracted as
    soon as its static data arrives, in the same second);
  - OCEAN PRINCE is a class B yacht bearing the name of a listed tanker: a
    name alone does not make a yacht a sanctioned tanker;
  - two ordinary cargo ships.
Expected: one watchlist alert for SHADOW PEARL, matched by IMO; nothing
raised for the others.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

vessels = [
    Vessel(mmsi=636996601, name="SHADOW PEARL", imo=9300075, callsign="D5SP", shiptype=80, length_m=244,
           start_lat=62.15, start_lon=20.40, start_time=T0, legs=[Leg(62.70, 20.80, 12.0)]),
    Vessel(mmsi=311996602, name="BAHAMA STAR", imo=9500168, callsign="C6BS", shiptype=70,
           start_lat=62.70, start_lon=20.30, start_time=T0 + 60, legs=[Leg(62.20, 20.10, 11.0)]),
    Vessel(mmsi=230996603, name="OCEAN PRINCE", class_b=True, shiptype=37, length_m=24, beam_m=6,
           start_lat=62.40, start_lon=21.20, start_time=T0, legs=[Leg(62.50, 21.40, 7.0)], interval_s=30),
    Vessel(mmsi=230996604, name="KVARKEN", imo=9500170, callsign="OJKV", shiptype=70, start_lat=62.30,
           start_lon=21.00, start_time=T0, legs=[Leg(62.60, 20.60, 12.0)]),
    Vessel(mmsi=265996605, name="HOLMON", imo=9500182, callsign="SKHO", shiptype=70, start_lat=62.65,
           start_lon=20.95, start_time=T0 + 120, legs=[Leg(62.25, 20.75, 12.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=51,
               header=["SYNTHETIC AIS for the Lookout scenario watchlist_tanker (tools/synth/aissynth.py, seed 51).",
                       "Not real traffic: one watch-listed tanker among unlisted vessels."])
print("wrote %d lines" % n)
