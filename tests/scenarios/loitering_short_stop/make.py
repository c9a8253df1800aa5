#!/usr/bin/env python3
"""SYNTHETIC negative case: the same ship as ../loitering_over_pipeline hovers
over Balticconnector for only 25 minutes, then leaves at cruise speed; too
short to be loitering (30 min). Deterministic (fixed seed).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "loitering_over_pipeline"))
from make import build  # noqa: E402

n = build(HERE, 25, [
    "SYNTHETIC data made by tests/scenarios/loitering_short_stop/make.py (aissynth); not a recording.",
    "CARGO ONE hovers at 1-2 kn over Balticconnector for 25 min only; two ships cross it at cruise speed.",
])
print("track.nmea: %d lines" % n)
