#!/usr/bin/env python3
"""SYNTHETIC: a cargo ship hovers at 1-2 kn over the Balticconnector gas
pipeline for 65 minutes (positive loitering case), while two other ships cross
the pipeline at cruise speed. Pipeline geometry: the approximate route in
data/assets/baltic_north_sea.geojson; the hover point (59.93 N) has no other
cable or pipeline within 8 km. Invented vessels; deterministic (fixed seed).

With HOVER_MIN=25 the same script makes the negative case in
../loitering_short_stop (see that folder's make.py).

Run from anywhere: python3 make.py  (writes track.nmea beside this file)
"""
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools", "synth"))
from aissynth import Leg, Vessel, destination_point, distance_bearing, write_nmea  # noqa: E402
import cablegeo  # noqa: E402


def build(out_dir: str, hover_min: float, header: list[str]) -> int:
    assets = cablegeo.Assets()
    t0 = datetime(2025, 3, 12, 6, 0, tzinfo=timezone.utc).timestamp()
    hover = (59.93, 24.052)
    aid, d = assets.nearest_line(hover)
    assert aid == "balticconnector" and d < 500, (aid, d)

    # Back and forth along the pipeline, 400 m each way, at 1.2-1.9 kn.
    north = destination_point(*hover, 0, 200)
    south = destination_point(*hover, 180, 200)
    legs = [Leg(hover[0], hover[1], 10.0)]
    speeds = [1.5, 1.2, 1.8, 1.4, 1.9, 1.3, 1.6, 1.5, 1.7, 1.2, 1.8, 1.4]
    t, i = 0.0, 0
    while t < hover_min * 60:
        kn = speeds[i % len(speeds)]
        to = north if i % 2 == 0 else south
        legs.append(Leg(to[0], to[1], kn))
        t += 400 / (kn * 1852 / 3600)
        i += 1
    home = (59.93, 23.70)
    legs.append(Leg(home[0], home[1], 11.0))
    cablegeo.check_quiet_end(assets, home, 270, 11.0)
    loiterer = Vessel(mmsi=209000001, name="CARGO ONE", imo=9300001, callsign="5BAA1", shiptype=70,
                      length_m=120, beam_m=18, start_lat=59.93, start_lon=23.75, start_time=t0,
                      legs=legs, interval_s=30, static_interval_s=1800)

    passers = []
    for n, (a, b, kn, minute) in enumerate([((59.90, 24.30), (59.90, 23.75), 12.0, 20),
                                            ((59.95, 24.40), (59.95, 23.75), 14.0, 50)]):
        _, crs = distance_bearing(*a, *b)
        cablegeo.check_quiet_end(assets, b, crs, kn)
        passers.append(Vessel(mmsi=230200001 + n, name="PASSER %d" % (n + 1), imo=9300010 + n,
                              shiptype=70 + 10 * n, start_lat=a[0], start_lon=a[1], start_time=t0 + minute * 60,
                              legs=[Leg(b[0], b[1], kn)], interval_s=60, static_interval_s=1800))
    return write_nmea(os.path.join(out_dir, "track.nmea"), [loiterer] + passers, seed=7, header=header)


if __name__ == "__main__":
    n = build(HERE, 65, [
        "SYNTHETIC data made by tests/scenarios/loitering_over_pipeline/make.py (aissynth); not a recording.",
        "CARGO ONE hovers at 1-2 kn over Balticconnector for 65 min; two ships cross it at cruise speed.",
    ])
    print("track.nmea: %d lines" % n)
