#!/usr/bin/env python3
"""SYNTHETIC counter-drone scenario 'drone_from_ship' around Copenhagen Airport (Kastrup):
see tools/synth/dronesim.py (drone_from_ship) for what is in the air and the sensors.
Writes detections.jsonl, sensors.json, truth.jsonl and ais.nmea beside
this file. Deterministic: fixed seed.

Run from anywhere: python3 make.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
import dronesim  # noqa: E402

print(dronesim.drone_from_ship(HERE))
