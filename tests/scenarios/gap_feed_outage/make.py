#!/usr/bin/env python3
"""SYNTHETIC scenario: the same traffic as gap_near_cable, but it is the
receiver that goes silent, not the tanker: for 45 minutes nothing at all is
heard from anyone (every vessel reports throughout; the feed drops it).

A whole-feed outage is not a vessel going dark. Expected: no ais_gap (and
no other alert: the background transits are normal).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../tools/synth"))
from aissynth import Leg, Vessel, write_nmea  # noqa: E402

T0 = 1740823200  # 2025-03-01T10:00:00Z

vessels = [
    Vessel(mmsi=518998001, name="DARK STAR", imo=9300007, callsign="E5U1", shiptype=80, length_m=228,
           beam_m=32, destination="RU ULU", start_lat=59.878, start_lon=25.60, start_time=T0,
           legs=[Leg(59.892, 26.02, 10.0), Leg(59.912, 26.30, 10.0), Leg(59.935, 26.75, 10.0)]),
    Vessel(mmsi=230998002, name="BALTIC TRADER", imo=9400001, callsign="OJAA", shiptype=70, start_lat=59.96,
           start_lon=26.70, start_time=T0, legs=[Leg(59.93, 25.55, 11.0)]),
    Vessel(mmsi=255998003, name="NORDIC SPIRIT", imo=9400013, callsign="CQAB", shiptype=80, start_lat=59.85,
           start_lon=25.40, start_time=T0 + 300, legs=[Leg(59.88, 26.60, 12.0)]),
    Vessel(mmsi=276998004, name="TALLINK SHUTTLE", imo=9400025, callsign="ESAC", shiptype=60, length_m=212,
           start_lat=60.15, start_lon=24.96, start_time=T0, legs=[Leg(59.45, 24.77, 22.0), Leg(60.15, 24.96, 22.0)]),
]

here = os.path.dirname(os.path.abspath(__file__))
# The tanker reaches the point where it went dark in gap_near_cable at about 11:16.
outage = (T0 + 4560, T0 + 4560 + 45 * 60)
n = write_nmea(os.path.join(here, "track.nmea"), vessels, seed=11, outages=[outage],
               header=["SYNTHETIC AIS for the Lookout scenario gap_feed_outage (tools/synth/aissynth.py, seed 11).",
                       "Not real traffic: the receiver hears nothing from anyone for 45 min (11:16-12:01Z)."])
print("wrote %d lines" % n)
