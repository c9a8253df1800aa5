#!/usr/bin/env python3
"""SYNTHETIC counter-drone scenario 'drone_from_ship' around Copenhagen Airport (Kastrup):
see tools/synth/dronesim.py (drone_from_ship) for what is in the air and the sensors.
Writes detections.jsonl, sensors.json, truth.jsonl, ais.nmea and remote_id.txt beside
this file. Deterministic: fixed seed.

Run from anywhere: python3 make.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
import dronesim  # noqa: E402

print(dronesim.drone_from_ship(HERE))

# What drone-1 broadcasts as Remote ID (drones 2 and 3 broadcast nothing): not an
# input of the scenario's own tests (scenario.json), read by the air e2e and the demo.
import remote_id_synth  # noqa: E402

remote_id_synth.main(["remote_id_synth.py", os.path.join(HERE, "truth.jsonl"), os.path.join(HERE, "remote_id.txt"),
                      "drone-1:1596F3E2E0001:DNK87astrdge12k8:60:60:1f:d7:a2:01"])
