#!/usr/bin/env python3
"""SYNTHETIC counter-drone scenario 'airliner_approach' around Copenhagen Airport (Kastrup):
see tools/synth/dronesim.py (airliner_approach) for what is in the air and the sensors.
Writes detections.jsonl, sensors.json, truth.jsonl beside
this file. Deterministic: fixed seed.

Run from anywhere: python3 make.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
import dronesim  # noqa: E402

print(dronesim.airliner_approach(HERE))
