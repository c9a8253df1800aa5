#!/usr/bin/env python3
"""SYNTHETIC inputs for the forensics ranking tests (forensics_test.cc).

Each file holds one incident reconstruction, taken unchanged from the scenario
that defines it (tests/scenarios/eagle_s_estlink2 and yi_peng_3: their make.py
is run with write_nmea captured, so the incident vessel is the same), among at
least 100 more background vessels that cross the same cable(s) normally: lanes
at random angles through random points of the cable, random cruise speeds of
6-20 kn (tugs and fishing boats are slow, not suspicious), spread over the day.
`lookout forensics crossings` must rank the incident vessel first for each of
its cables. Deterministic: fixed seeds.

Run from anywhere: python3 make.py  (writes eagle_s_busy.nmea, yi_peng_3_busy.nmea)
"""
import math
import os
import random
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "..", "scenarios")
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "synth"))
import aissynth  # noqa: E402
from aissynth import Leg, Vessel, destination_point, distance_bearing  # noqa: E402
import cablegeo  # noqa: E402

assets = cablegeo.Assets()


def incident(folder):
    """Runs a scenario's make.py with write_nmea captured: its vessels."""
    captured = {}
    real = aissynth.write_nmea

    def capture(path, vessels, seed=1, header=None, outages=None):
        captured["vessels"] = vessels
        return 0

    aissynth.write_nmea = capture
    try:
        runpy.run_path(os.path.join(SCENARIOS, folder, "make.py"), run_name="__main__")
    finally:
        aissynth.write_nmea = real
    return captured["vessels"]


def background(cables, count, t_from, t_to, rng, mmsi_base):
    """`count` vessels crossing every cable in `cables` at cruise speed."""
    out = []
    parts = [p for c in cables for p in assets.parts(c)]
    tries = 0
    while len(out) < count:
        tries += 1
        assert tries < count * 200, "cannot place background lanes"
        part = rng.choice(parts)
        i = rng.randrange(len(part) - 1)
        f = rng.random()
        p = cablegeo.along(part[i], part[i + 1], f)
        _, cable_course = distance_bearing(*part[i], *part[i + 1])
        course = (cable_course + rng.uniform(45, 135) + (180 if rng.random() < 0.5 else 0)) % 360
        before, after = rng.uniform(25e3, 40e3), rng.uniform(25e3, 40e3)
        a = destination_point(p[0], p[1], course + 180, before)
        b = destination_point(p[0], p[1], course, after)
        crossed = {c[1] for c in assets.crossings(a, b)}
        if not set(cables) & crossed:
            continue
        kn = rng.choice([rng.uniform(6, 8), rng.uniform(9, 14), rng.uniform(9, 14), rng.uniform(14, 20)])
        try:
            cablegeo.check_quiet_end(assets, b, course, kn)
            _, d_start = assets.nearest_line(a)
            assert d_start > 6000
        except AssertionError:
            continue
        mmsi = mmsi_base + len(out)
        class_b = rng.random() < 0.1
        start = rng.uniform(t_from, t_to)
        out.append(Vessel(
            mmsi=mmsi, name="BACKGROUND %03d" % len(out), imo=0 if class_b else 9500000 + len(out),
            callsign="BG%04d" % len(out), shiptype=rng.choice([30, 52, 60, 70, 70, 80, 84]),
            length_m=20 if class_b else rng.choice([60, 120, 180, 230]), beam_m=6 if class_b else 24,
            start_lat=a[0], start_lon=a[1], start_time=start, legs=[Leg(b[0], b[1], kn)], class_b=class_b,
            interval_s=rng.choice([60, 90, 120, 180]), static_interval_s=1800,
        ))
    return out


def main():
    from datetime import datetime, timezone

    def utc(*args):
        return datetime(*args, tzinfo=timezone.utc).timestamp()

    rng = random.Random(20241225)
    eagle = incident("eagle_s_estlink2")
    vessels = eagle + background(["estlink-2"], 110, utc(2024, 12, 25, 0, 0), utc(2024, 12, 25, 20, 0), rng, 230200000)
    n = aissynth.write_nmea(os.path.join(HERE, "eagle_s_busy.nmea"), vessels, seed=20241225, header=[
        "SYNTHETIC data made by tests/forensics/make.py (aissynth); not a recording.",
        "The Eagle S reconstruction of tests/scenarios/eagle_s_estlink2 plus 110 more background",
        "vessels crossing Estlink 2 at cruise speed. Geometry: data/assets/baltic_north_sea.geojson.",
    ])
    print("eagle_s_busy.nmea: %d lines, %d vessels" % (n, len(vessels)))

    rng = random.Random(20241117)
    yi = incident("yi_peng_3")
    vessels = yi + background(["bcs-east-west"], 100, utc(2024, 11, 17, 8, 0), utc(2024, 11, 18, 4, 0), rng, 257200000) \
        + background(["c-lion1"], 100, utc(2024, 11, 17, 8, 0), utc(2024, 11, 18, 4, 0), rng, 257300000)
    n = aissynth.write_nmea(os.path.join(HERE, "yi_peng_3_busy.nmea"), vessels, seed=20241117, header=[
        "SYNTHETIC data made by tests/forensics/make.py (aissynth); not a recording.",
        "The Yi Peng 3 reconstruction of tests/scenarios/yi_peng_3 plus 100 more background vessels",
        "crossing each of BCS East-West and C-Lion1 at cruise speed. Geometry: the bundled assets.",
    ])
    print("yi_peng_3_busy.nmea: %d lines, %d vessels" % (n, len(vessels)))


if __name__ == "__main__":
    main()
