"""cablegeo: where the assets of a GeoJSON file lie, for scenario scripts that
route synthetic vessels across (or well clear of) real cable geometry.

Planar geometry in a local east-north frame at the query point (an
equirectangular projection): within a few tens of kilometres it is good to a
few metres, which is plenty for placing synthetic tracks. Python 3 standard
library only.
"""
from __future__ import annotations

import json
import math
import os

EARTH_R = 6371008.8
BUNDLED = os.path.join(os.path.dirname(__file__), "..", "..", "data", "assets", "baltic_north_sea.geojson")


class Assets:
    """The features of a GeoJSON FeatureCollection, by id."""

    def __init__(self, path: str = BUNDLED):
        with open(path) as f:
            doc = json.load(f)
        self.features = {ft["properties"]["id"]: ft for ft in doc["features"]}

    def parts(self, asset_id: str) -> list[list[tuple[float, float]]]:
        """The asset's lines as lists of (lat, lon)."""
        g = self.features[asset_id]["geometry"]
        if g["type"] == "LineString":
            raw = [g["coordinates"]]
        elif g["type"] == "MultiLineString":
            raw = g["coordinates"]
        else:
            return []
        return [[(c[1], c[0]) for c in part] for part in raw]

    def line_ids(self, kinds=("cable", "pipeline")) -> list[str]:
        return [i for i, f in self.features.items()
                if f["properties"]["kind"] in kinds and f["geometry"]["type"] in ("LineString", "MultiLineString")]

    def crossings(self, a: tuple[float, float], b: tuple[float, float], kinds=("cable", "pipeline")):
        """[(fraction along a->b, asset id, (lat, lon))] for every crossing, in order."""
        out = []
        for aid in self.line_ids(kinds):
            for part in self.parts(aid):
                for p, q in zip(part, part[1:]):
                    hit = _intersect(a, b, p, q)
                    if hit is not None:
                        out.append((hit[0], aid, hit[1]))
        return sorted(out)

    def distance_m(self, asset_id: str, p: tuple[float, float]) -> float:
        best = math.inf
        for part in self.parts(asset_id):
            for a, b in zip(part, part[1:]):
                best = min(best, _segment_distance(p, a, b))
        return best

    def nearest_line(self, p: tuple[float, float], kinds=("cable", "pipeline")) -> tuple[str, float]:
        """(asset id, metres) of the closest cable or pipeline to p."""
        return min(((aid, self.distance_m(aid, p)) for aid in self.line_ids(kinds)), key=lambda x: x[1])


def _local(origin, p):
    """(east, north) metres of p in the frame at origin."""
    lat0 = math.radians(origin[0])
    return (math.radians(p[1] - origin[1]) * EARTH_R * math.cos(lat0),
            math.radians(p[0] - origin[0]) * EARTH_R)


def _segment_distance(p, a, b) -> float:
    ax, ay = _local(p, a)
    bx, by = _local(p, b)
    dx, dy = bx - ax, by - ay
    dd = dx * dx + dy * dy
    t = 0.0 if dd == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / dd))
    return math.hypot(ax + t * dx, ay + t * dy)


def _intersect(a, b, p, q):
    """(fraction along a->b, (lat, lon)) where segment a-b meets p-q, else None."""
    o = a
    ax, ay = 0.0, 0.0
    bx, by = _local(o, b)
    px, py = _local(o, p)
    qx, qy = _local(o, q)
    rx, ry = bx - ax, by - ay
    sx, sy = qx - px, qy - py
    den = rx * sy - ry * sx
    if den == 0:
        return None
    t = ((px - ax) * sy - (py - ay) * sx) / den
    u = ((px - ax) * ry - (py - ay) * rx) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return t, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    return None


def along(a: tuple[float, float], b: tuple[float, float], frac: float) -> tuple[float, float]:
    """The point a fraction of the way from a to b (straight in lat/lon)."""
    return a[0] + frac * (b[0] - a[0]), a[1] + frac * (b[1] - a[1])


def check_quiet_end(assets: Assets, p: tuple[float, float], course_deg: float, speed_kn: float,
                    min_clear_m: float = 6000, ahead_min: float = 40) -> None:
    """Asserts that a track ending at p on course_deg at speed_kn ends clear of
    cables and pipelines, so that its silence after the end is no AIS gap
    near or heading to an asset: at least min_clear_m from any, and none
    crossed within ahead_min minutes of sailing (ais_gap looks 30 min ahead)."""
    ahead_m = speed_kn * 1852.0 / 60.0 * ahead_min
    aid, d = assets.nearest_line(p)
    assert d >= min_clear_m, "track ends %.0f m from %s at %s" % (d, aid, p)
    lat2 = p[0] + ahead_m * math.cos(math.radians(course_deg)) / EARTH_R * 180 / math.pi
    lon2 = p[1] + ahead_m * math.sin(math.radians(course_deg)) / (EARTH_R * math.cos(math.radians(p[0]))) * 180 / math.pi
    ahead = assets.crossings(p, (lat2, lon2))
    assert not ahead, "track ending at %s heads for %s" % (p, ahead[0][1])
