#!/usr/bin/env python3
"""SYNTHETIC: a winter gale over the Estlink 2 crossing (issue 21). The front
crosses the Gulf of Finland west to east in 15 minutes; 24 merchant ships on
the lanes (11-15 kn, cargo, tankers, a ferry) fall to about 54 % of their
cruise, yaw 10 degrees in the seas and crab 6 degrees in the wind for two
hours while they cross the cable, then pick up speed again. A trawler at its
trawl, a tug with a tow, a pilot boat on station and a SAR vessel sweeping a
search pattern work over and near the cable in the same gale. The script is
tools/synth/gale.py; deterministic (fixed seed).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import write_nmea  # noqa: E402
import cablegeo  # noqa: E402
import gale  # noqa: E402

vessels = gale.gale_fleet(cablegeo.Assets())
n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=20250106, header=[
    "SYNTHETIC data made by tests/scenarios/gale_regional_slowdown/make.py (aissynth, gale.py); not a recording.",
    "A gale slows 24 merchant ships crossing Estlink 2 from 11-15 kn to about 54 % of it, with yaw, for two",
    "hours; a trawler, a tug with a tow, a pilot boat and a SAR vessel work nearby. Cable geometry:",
    "data/assets/baltic_north_sea.geojson.",
])
print("track.nmea: %d lines, %d vessels" % (n, len(vessels)))
