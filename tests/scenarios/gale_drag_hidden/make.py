#!/usr/bin/env python3
"""SYNTHETIC: the gale of gale_regional_slowdown (issue 21), and in it one ship
dragging its anchor across Estlink 2: a tanker at 13 kn falls to 3.4 kn (26 %
of its cruise, half the 54 % its peers keep) as the front passes and crawls
on across the cable, yawing, through the two hours of the gale; then it
stops some 6 km past the cable, clear of the corridor, instead of picking
up speed with the others. The weather is its defence; its peers say otherwise. The script
is tools/synth/gale.py; deterministic (fixed seed).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, write_nmea  # noqa: E402
import cablegeo  # noqa: E402
import gale  # noqa: E402

assets = cablegeo.Assets()
vessels = gale.gale_fleet(assets)
# The dragger: westbound at 59.945 N, 6 km short of the cable when the front
# reaches it, at 26 % of its cruise through the gale.
dragger = gale.merchant(assets, 518990001, "DARK STAR", 80, 59.945, True, 13.0, 6000, random.Random(7),
                        gale_ratio=0.26, gale_yaw=12.0, drift=8.0)
# It does not pick up speed with the others: it stops, its anchor fast,
# past the cable, clear of the corridor.
# It lies there at anchor, reporting, until the recording ends.
dragger.legs = dragger.legs[:2] + [Leg(hold_s=4 * 3600, status=1)]
vessels.append(dragger)
n = write_nmea(os.path.join(HERE, "track.nmea"), vessels, seed=20250107, header=[
    "SYNTHETIC data made by tests/scenarios/gale_drag_hidden/make.py (aissynth, gale.py); not a recording.",
    "The gale of gale_regional_slowdown, and a tanker (MMSI 518990001, invented) dragging across Estlink 2",
    "at 3.4 kn, half its peers' speed ratio. Cable geometry: data/assets/baltic_north_sea.geojson.",
])
print("track.nmea: %d lines, %d vessels" % (n, len(vessels)))
