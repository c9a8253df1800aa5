#!/usr/bin/env python3
"""Derives digitraffic_snapshot_2025-12-12T123124Z_50_vessels.json (see SOURCES.md).

Keeps the snapshot's timestamp and the first 40 vessels in file order, then
adds the first vessels that show the awkward cases: heading 511, speed above
102.2 kn, course 360, a null eta, a null territorial_water_country_code and
ship_type above 99. vessel_count is set to the number kept. Usage:
  make_digitraffic_excerpt.py SNAPSHOT.json > OUT.json
"""
import json
import sys


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    vessels = doc["vessels"]
    kept = vessels[:40]
    cases = [
        lambda v: v["heading"] == 511,
        lambda v: v["sog"] > 102.2,
        lambda v: v["cog"] == 360.0,
        lambda v: v.get("eta") is None,
        lambda v: v.get("territorial_water_country_code") is None,
        lambda v: v["ship_type"] > 99,
    ]
    for case in cases:
        for v in vessels[40:]:
            if case(v) and v not in kept:
                kept.append(v)
                break
    for v in vessels[40:]:
        if len(kept) >= 50:
            break
        if v not in kept:
            kept.append(v)
    out = {"timestamp": doc["timestamp"], "vessel_count": len(kept), "vessels": kept}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
