#!/usr/bin/env python3
"""SYNTHETIC counter-drone scenario over a real air base: one drone takes off
in farmland 5 km east of Flyvestation Skrydstrup (EKSP; the runways from
OurAirports in data/assets/airfields_nordic_baltic.geojson, an 8 km zone),
climbs to 120 m and flies west across the runways, as the drones seen
over Danish air bases in September 2025 did; a flock of birds crosses the
zone. A radar and an RF detector stand on the base. The drone must raise
drone_incursion naming airfield-eksp; the birds nothing. Writes
detections.jsonl, sensors.json and truth.jsonl beside this file (no AIS: the
base is inland). Deterministic: fixed seed.

Run from anywhere: python3 make.py
"""
import json
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
import dronesim  # noqa: E402
from aissynth import destination_point, distance_bearing  # noqa: E402

AIRFIELDS = os.path.join(HERE, "..", "..", "..", "data", "assets", "airfields_nordic_baltic.geojson")
with open(AIRFIELDS) as f:
    base = [ft for ft in json.load(f)["features"] if ft["properties"]["id"] == "airfield-eksp"][0]
runway = base["geometry"]["coordinates"]
runway = runway if isinstance(runway[0][0], float) else runway[0]
mid = ((runway[0][1] + runway[1][1]) / 2, (runway[0][0] + runway[1][0]) / 2)  # (lat, lon)

T0 = datetime(2025, 9, 27, 20, 10, tzinfo=timezone.utc).timestamp()
DURATION = 420.0
w = dronesim.World(T0, DURATION, seed=27)
radar = destination_point(*mid, 180, 600)
w.add_radar("radar-eksp", *radar, alt_m=15, period_s=1.0, pd=0.9, max_range_m=15000, min_alt_m=25,
            sigma_range_m=8, sigma_bearing_deg=0.3, sigma_elevation_deg=0.5, clutter_per_scan=2)
w.add_rf("rf-eksp", *destination_point(*mid, 0, 500), alt_m=10, period_s=2.0, pd=0.8, max_range_m=15000,
         sigma_m=150, sigma_alt_m=20)

# The drone: lift-off 5 km east at T0+30, climb at 4 m/s to 120 m, 15 m/s west across the runways.
start = destination_point(*mid, 90, 5000)
_, brg = distance_bearing(*start, *mid)
drone = dronesim.Target("drone-1", "drone")
lat, lon, alt, speed, t = start[0], start[1], 2.0, 0.0, T0 + 30
while t <= T0 + DURATION:
    drone.samples.append((t, lat, lon, alt))
    speed = min(15.0, speed + 3.0)
    alt = min(120.0, alt + 4.0)
    lat, lon = destination_point(lat, lon, brg + w.rng.gauss(0, 1.0), speed)
    t += 1.0
w.targets.append(drone)
closest = min(distance_bearing(s[1], s[2], *mid)[0] for s in drone.samples)
assert closest < 500, closest  # the drone passes over the runways

w.add_birds("crow", 3, *destination_point(*mid, 200, 3000), 20.0, T0, T0 + DURATION)
print(w.write(HERE, "one drone across Flyvestation Skrydstrup, a flock of crows, radar clutter", None))
