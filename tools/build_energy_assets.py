#!/usr/bin/env python3
"""Builds the energy and airfield asset layers from open data.

  tools/build_energy_assets.py --gem DIR --ourairports DIR --dea-wind DIR [--check]

Each DIR is a git clone (bare or not) of the public repository named below; the
file is read at the pinned commit with `git show`, so the same clones give the
same bytes out (Python 3 standard library and the git client only):

  --gem          GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes  (pipeline routes)
  --ourairports  davidmegginson/ourairports-data                (runway ends)
  --dea-wind     martinnormark/windpowerdk                      (Danish turbine register)
  --ospar        guilhermeiablo/leaflet-oycat                   (OSPAR offshore installations)

Writes (or with --check, compares):
  data/assets/energy_north_sea_baltic.geojson  pipelines, wind farms, energy sites
  data/assets/airfields_nordic_baltic.geojson   airports and air bases
  data/assets/platforms_north_sea.geojson       offshore installations (OSPAR)

What each layer holds, and its licence, is in data/assets/SOURCES.md and in
every feature's `source`, `licence` and `route_accuracy`/`note` properties.
Geometry is simplified with Douglas-Peucker at SIMPLIFY_M metres, far below the
smallest corridor (500 m), and rounded to 1e-5 degrees (about 1 m).
"""

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_ENERGY = REPO / "data" / "assets" / "energy_north_sea_baltic.geojson"
OUT_AIR = REPO / "data" / "assets" / "airfields_nordic_baltic.geojson"
OUT_PLATFORMS = REPO / "data" / "assets" / "platforms_north_sea.geojson"

SIMPLIFY_M = 50.0

GEM = ("GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes", "6bfab45c1759ae3b4d6fd9f1a1171ebbf0002086")
OURAIRPORTS = ("davidmegginson/ourairports-data", "1fb3eea05228ec98d700f4bcfa68e8fc364ca0e5")
DEA = ("martinnormark/windpowerdk", "8492fa1be13f369146398d030414a3ef63a5886a")
OYCAT = ("guilhermeiablo/leaflet-oycat", "5c7604f416ed97dd3c5d0ea2bbfe8531fefb294c")

GEM_LICENCE = ("CC BY 4.0 (Global Energy Monitor; the repository has no licence file, GEM publishes "
               "its tracker data under CC BY 4.0)")
OSM_LICENCE = "ODbL 1.0 (OpenStreetMap contributors, via Global Energy Monitor)"
DEA_LICENCE = "Danish public data (Danish Energy Agency turbine register, via martinnormark/windpowerdk)"
OURAIRPORTS_LICENCE = "public domain (OurAirports)"
OWN_LICENCE = "CC0 (Lookout, from public descriptions)"
OSPAR_LICENCE = "OSPAR data, free use with acknowledgement; copy without licence file: verify"

JEF = {"DNK", "EST", "FIN", "GBR", "ISL", "LTU", "LVA", "NLD", "NOR", "SWE"}


def marking_for(nation):
    return {"owner": nation, "releasable_to": ["JEF"] if nation in JEF else ["NATO"]}


# --- geometry helpers ---------------------------------------------------------

def km(a, b):
    """Great-circle distance in km between [lon, lat] positions."""
    la1, lo1, la2, lo2 = map(math.radians, (a[1], a[0], b[1], b[0]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def line_km(line):
    return sum(km(line[i], line[i + 1]) for i in range(len(line) - 1))


def simplify(line, tol_m=SIMPLIFY_M):
    """Douglas-Peucker in a local equirectangular frame (metres)."""
    if len(line) < 3:
        return [p[:2] for p in line]
    lat0 = math.radians(sum(p[1] for p in line) / len(line))
    xy = [(p[0] * 111320.0 * math.cos(lat0), p[1] * 110540.0) for p in line]
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = xy[i], xy[j]
        dx, dy = bx - ax, by - ay
        n2 = dx * dx + dy * dy
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            px, py = xy[k]
            if n2 == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / n2))
                d = math.hypot(px - ax - t * dx, py - ay - t * dy)
            if d > best:
                best, idx = d, k
        if best > tol_m:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [line[k][:2] for k in range(len(line)) if keep[k]]


def rounded(x):
    if isinstance(x[0], (int, float)):
        return [round(x[0], 5), round(x[1], 5)]
    return [rounded(y) for y in x]


def hull(points):
    """Convex hull (Andrew's monotone chain), closed ring, counter-clockwise."""
    pts = sorted(set((p[0], p[1]) for p in points))
    if len(pts) < 3:
        return None

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    ring = lower[:-1] + upper[:-1]
    if len(ring) < 3:
        return None
    return [list(p) for p in ring] + [list(ring[0])]


# --- reading the pinned sources -----------------------------------------------

def git_show(clone, commit, path):
    out = subprocess.run(["git", "-C", str(clone), "show", "%s:%s" % (commit, path)],
                         capture_output=True, check=False)
    if out.returncode != 0:
        raise SystemExit("cannot read %s at %s in %s: %s" % (path, commit[:12], clone,
                                                          out.stderr.decode().strip()))
    return out.stdout.decode("utf-8")


def gem_lines(clone, pid, kind="gas"):
    path = "data/individual-routes/%s-pipelines/%s.geojson" % (kind, pid)
    doc = json.loads(git_show(clone, GEM[1], path))
    parts = []
    for f in doc["features"]:
        g = f.get("geometry")
        if not g:
            continue
        lines = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        parts.append((f.get("properties") or {}, [[c[:2] for c in l] for l in lines]))
    return path, parts


# --- pipelines ----------------------------------------------------------------

# GEM routes carry a project id only; each was identified by its end points
# (landfalls and hubs named below) and its length against the published one.
# (id, GEM project, kind dir, parts to keep (None: all), name, operator,
#  nation, buffer_m, route_accuracy, published length km, where published)
PIPELINES = [
    ("nord-stream-1", "P0753", "gas", [0], "Nord Stream 1", "Nord Stream AG", None, 500, "osm", 1224,
     "Nord Stream AG: two parallel lines of 1,224 km, Vyborg - Lubmin"),
    ("nord-stream-2", "P0752", "gas", [0], "Nord Stream 2", "Nord Stream 2 AG", None, 500, "osm", 1230,
     "Nord Stream 2 AG: two parallel lines of about 1,230 km, Ust-Luga - Lubmin"),
    ("europipe-1", "P0689", "gas", None, "Europipe I", "Gassco", "NOR", 2000, "traced", 620,
     "Gassco: Europipe I, Draupner E - Dornum, 620 km"),
    ("europipe-2", "P0690", "gas", None, "Europipe II", "Gassco", "NOR", 2000, "traced", 658,
     "Gassco: Europipe II, Kaarstoe - Dornum, 658 km"),
    ("norpipe-gas", "P0712", "gas", None, "Norpipe (gas)", "Gassco", "NOR", 2000, "traced", 440,
     "Gassco: Norpipe gas pipeline, Ekofisk - Emden, 440 km"),
    ("norpipe-oil", "P5148", "liquid", None, "Norpipe (oil)", "ConocoPhillips (Norpipe Oil AS)", "NOR", 2000,
     "traced", 354, "ConocoPhillips: Norpipe oil pipeline, Ekofisk - Teesside, 354 km"),
    ("franpipe", "P0692", "gas", None, "Franpipe", "Gassco", "NOR", 2000, "traced", 840,
     "Gassco: Franpipe, Draupner E - Dunkerque, 840 km"),
    ("langeled", "P0704", "gas", None, "Langeled", "Gassco", "NOR", 2000, "traced", 1166,
     "Gassco: Langeled, Nyhamna - Sleipner - Easington, 1,166 km"),
    ("zeepipe-1", "P1770", "gas", None, "Zeepipe I", "Gassco", "NOR", 2000, "traced", 814,
     "Gassco: Zeepipe I, Sleipner - Zeebrugge, 814 km"),
    ("zeepipe-2a", "P7443", "gas", None, "Zeepipe IIA", "Gassco", "NOR", 2000, "traced", 303,
     "Gassco: Zeepipe IIA, Kollsnes - Sleipner R, 303 km"),
    ("zeepipe-2b", "P7444", "gas", None, "Zeepipe IIB", "Gassco", "NOR", 2000, "traced", 300,
     "Gassco: Zeepipe IIB, Kollsnes - Draupner E, 300 km"),
    ("statpipe", "P0720", "gas", None, "Statpipe", "Gassco", "NOR", 2000, "traced", 890,
     "Gassco: Statpipe, Statfjord - Kaarstoe - Draupner - Ekofisk with the Heimdal branch, 890 km"),
    ("baltic-pipe", "P0684", "gas", None, "Baltic Pipe", "Energinet, GAZ-SYSTEM", "DNK", 2000, "traced", 590,
     "Energinet/GAZ-SYSTEM: North Sea section 105 km, Danish onshore 210 km, Baltic section 275 km"),
    ("asgard-transport", "P0814", "gas", None, "Aasgard Transport", "Gassco", "NOR", 2000, "traced", 707,
     "Gassco: Aasgard Transport, Aasgard - Kaarstoe, 707 km"),
    ("polarled", "P0714", "gas", None, "Polarled", "Gassco", "NOR", 2000, "traced", 482,
     "Gassco: Polarled, Aasta Hansteen - Nyhamna, 482 km"),
    ("vesterled", "P0729", "gas", None, "Vesterled", "Gassco", "NOR", 2000, "traced", 360,
     "Gassco: Vesterled, Heimdal - St Fergus, 360 km"),
    ("flags", "P0691", "gas", None, "FLAGS", "Shell, ExxonMobil", "GBR", 2000, "traced", 450,
     "FLAGS (Far North Liquids and Associated Gas System), Brent - St Fergus, about 450 km"),
    ("bbl", "P0682", "gas", None, "BBL pipeline", "BBL Company (Gasunie)", "NLD", 2000, "traced", 235,
     "BBL Company: Balgzand - Bacton, 235 km"),
    ("interconnector-uk", "P0701", "gas", None, "Interconnector UK", "Interconnector Ltd (Fluxys)", "GBR", 2000,
     "traced", 235, "Interconnector: Bacton - Zeebrugge, 235 km"),
    ("danish-oil-export", "P0813", "liquid", None, "Danish oil export pipeline (Gorm - Fredericia)",
     "Ineos (formerly DONG/Oersted)", "DNK", 5000, "schematic", None, None),
]

# Tyra - Nybro has no open geometry that we could find: its route is drawn
# through its two published ends only, with a wide corridor.
TYRA_NYBRO = {
    "id": "tyra-nybro", "name": "Tyra - Nybro gas pipeline", "owner": "Energinet", "nation": "DNK",
    "points": [[4.80, 55.72], [8.12, 55.70], [8.40, 55.66]],
    "buffer_m": 5000, "published_km": 235,
    "note": ("route built from its published ends only (Tyra East in the Danish North Sea sector; "
             "landfall at Houstrup on the Jutland west coast; the Nybro gas treatment plant near "
             "Varde); positions are approximate to about 5 km, hence the 5 km corridor"),
}


def pipeline_features(gem_dir):
    feats = []
    for (ident, pid, kdir, keep, name, operator, nation, buf, acc, pub_km, pub_src) in PIPELINES:
        path, parts = gem_lines(gem_dir, pid, kdir)
        chosen = parts if keep is None else [parts[i] for i in keep]
        lines = [simplify(l) for _, ls in chosen for l in ls if len(l) >= 2]
        raw_km = sum(line_km(l) for _, ls in chosen for l in ls)
        osm_ids = [p.get("@id") for p, _ in chosen if p.get("@id")]
        props = {
            "id": ident, "name": name, "kind": "pipeline", "owner": operator, "buffer_m": buf,
            "route_accuracy": acc,
            "length_km": round(raw_km, 1),
            "source": "%s %s@%s" % (GEM[0], path, GEM[1]) + (" (OpenStreetMap %s)" % ", ".join(osm_ids)
                                                           if osm_ids else ""),
            "licence": OSM_LICENCE if acc == "osm" else GEM_LICENCE,
            "identified_by": "GEM project %s: end points and length match the published route" % pid,
        }
        if pub_km:
            props["published_length_km"] = pub_km
            props["published_length_source"] = pub_src
        if acc == "schematic":
            props["note"] = "two-point schematic in the source; errors of kilometres, hence the 5 km corridor"
        if nation:
            props["marking"] = marking_for(nation)
            props["marking_basis"] = "operator"
        else:
            props["marking_basis"] = "none: operator outside NATO/JEF; the loading node's marking applies"
        geom = ({"type": "LineString", "coordinates": rounded(lines[0])} if len(lines) == 1 else
                {"type": "MultiLineString", "coordinates": rounded(lines)})
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    t = TYRA_NYBRO
    feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": rounded(t["points"])},
                  "properties": {"id": t["id"], "name": t["name"], "kind": "pipeline", "owner": t["owner"],
                                 "buffer_m": t["buffer_m"], "route_accuracy": "landfalls-only",
                                 "length_km": round(line_km(t["points"]), 1),
                                 "published_length_km": t["published_km"],
                                 "published_length_source": "Danish Energy Agency: Tyra East - Nybro, 235 km",
                                 "source": "Lookout, from published descriptions", "licence": OWN_LICENCE,
                                 "note": t["note"], "marking": marking_for(t["nation"]),
                                 "marking_basis": "operator"}})
    return feats


# --- wind farms ---------------------------------------------------------------

# Offshore wind farms the Danish register holds (2015 snapshot): name, a
# published centre [lon, lat] used to name the turbine cluster (and checked to
# lie inside its polygon), the turbine count EMODnet Human Activities gives
# (EMODnet_HA_Energy_WindFarms_pg_20230605.csv, CC BY 4.0) and the operator.
WIND_FARMS = [
    ("horns-rev-1", "Horns Rev 1", [7.84, 55.48], 80, "Vattenfall"),
    ("horns-rev-2", "Horns Rev 2", [7.58, 55.60], 91, "Oersted"),
    ("anholt", "Anholt", [11.21, 56.60], 111, "Oersted"),
    ("nysted", "Nysted (Roedsand 1)", [11.71, 54.55], 72, "Oersted"),
    ("rodsand-2", "Roedsand 2", [11.55, 54.56], 90, "RWE"),
    ("middelgrunden", "Middelgrunden", [12.67, 55.69], 20, "Middelgrunden Vindmoellelaug, HOFOR"),
    ("samso", "Samsoe", [10.58, 55.72], 10, "Samsoe Kommune"),
    ("tuno-knob", "Tunoe Knob", [10.35, 55.97], 10, "Vattenfall"),
    ("sprogo", "Sprogoe", [10.97, 55.34], 7, "Sund & Baelt"),
    ("avedore-holme", "Avedoere Holme", [12.46, 55.60], 3, "HOFOR"),
    ("ronland", "Roenland", [8.22, 56.67], 8, "Vestas, Thyboroen-Harboeoere"),
    ("frederikshavn", "Frederikshavn", [10.56, 57.44], 3, "DONG Energy"),
    ("vindeby", "Vindeby", [11.13, 54.97], 11, "DONG Energy"),
]
# In the 2015 register but taken down since (EMODnet: Vindeby dismantled 2017).
DISMANTLED = {"vindeby"}
CLUSTER_KM = 2.5  # turbines closer than this (chained) belong to one farm
NAME_KM = 8.0     # a cluster is named after the listed farm whose centre is this close


def wind_features(dea_dir):
    path = "parser/data/windpowerdk.geojson"
    doc = json.loads(git_show(dea_dir, DEA[1], path))
    turbines = [f["geometry"]["coordinates"][:2] for f in doc["features"]
                if f["properties"].get("typeOfLocation") == "HAV"]
    # single-linkage clusters
    parent = list(range(len(turbines)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(turbines)):
        for j in range(i + 1, len(turbines)):
            if abs(turbines[i][1] - turbines[j][1]) < 0.05 and km(turbines[i], turbines[j]) < CLUSTER_KM:
                parent[find(i)] = find(j)
    clusters = {}
    for i, t in enumerate(turbines):
        clusters.setdefault(find(i), []).append(t)
    feats, unnamed = [], 0
    for members in sorted(clusters.values(), key=lambda m: (min(m)[0], min(m)[1])):
        cx = sum(p[0] for p in members) / len(members)
        cy = sum(p[1] for p in members) / len(members)
        best = min(WIND_FARMS, key=lambda w: km(w[2], [cx, cy]))
        named = km(best[2], [cx, cy]) < NAME_KM
        if named and best[0] in DISMANTLED:
            continue
        ring = hull(members)
        props = {"kind": "windfarm", "turbines": len(members), "buffer_m": 500,
                 "source": "%s %s@%s (Danish Energy Agency register of wind turbines, 2015)" % (DEA[0], path, DEA[1]),
                 "licence": DEA_LICENCE, "marking": marking_for("DNK"), "marking_basis": "territorial waters",
                 "note": "polygon: convex hull of the registered turbine positions; corridor 500 m"}
        if named:
            props.update({"id": best[0], "name": best[1], "owner": best[4], "published_turbines": best[3],
                          "published_turbines_source": "EMODnet Human Activities wind farms 2023-06-05 (CC BY 4.0)",
                          "published_centre": "%.2f N %.2f E" % (best[2][1], best[2][0])})
        else:
            unnamed += 1
            props.update({"id": "dk-offshore-turbines-%d" % unnamed,
                          "name": "Offshore wind turbines near %.2f N %.2f E" % (cy, cx)})
        if ring:
            geom = {"type": "Polygon", "coordinates": [rounded(ring)]}
        elif len(members) == 2:
            geom = {"type": "LineString", "coordinates": rounded(members)}
        else:
            geom = {"type": "Point", "coordinates": rounded(members[0])}
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    ids = [f["properties"]["id"] for f in feats]
    if len(set(ids)) != len(ids):
        raise SystemExit("two turbine clusters took one wind farm's name: %s" % ids)
    return feats


# --- platforms -----------------------------------------------------------------

OSPAR_COUNTRY = {"Norway": "NOR", "United Kingdom": "GBR", "GREAT BRITAIN": "GBR", "Netherlands": "NLD",
                 "Denmark": "DNK", "Germany": "DEU"}


def platform_features(oycat_dir):
    """The operational installations of the OSPAR inventory in the North Sea and
    the Norwegian Sea, each with the 500 m safety zone the coastal states
    declare around an offshore installation."""
    path = "json/operationall.js"
    text = git_show(oycat_dir, OYCAT[1], path)
    doc = json.loads(text[text.index("{"):text.rindex("}") + 1])
    feats, seen = [], set()
    for f in doc["features"]:
        p = f["properties"]
        nation = OSPAR_COUNTRY.get(p.get("Country"))
        if p.get("Current_St") != "Operational" or not nation or not p.get("Latitude") or not p.get("Longitude"):
            continue
        lat, lon = float(p["Latitude"]), float(p["Longitude"])
        if not (51 <= lat <= 72 and -5 <= lon <= 15):
            continue
        ident = "platform-%s" % p["ID"].lower()
        if ident in seen:
            ident += "-%d" % p["OBJECTID"]
        seen.add(ident)
        # The copy lost the non-ASCII letters of some names (Oseberg Oest): kept as "?".
        name = (p.get("Name") or p["ID"]).replace("\ufffd", "?").strip()
        props = {"id": ident, "name": name, "kind": "platform", "buffer_m": 500,
                 "source": "OSPAR inventory %s via %s@%s" % (p["ID"], OYCAT[0], OYCAT[1][:12]),
                 "licence": OSPAR_LICENCE, "marking": marking_for(nation)}
        for key, out in (("Operator", "owner"), ("Function", "function")):
            if p.get(key):
                props[out] = p[key].replace("\ufffd", "?").strip()
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": rounded([lon, lat])},
                      "properties": props})
    return feats


# --- energy sites ashore ------------------------------------------------------

# Terminals and landfalls at the end of a GEM route: (id, name, GEM project,
# kind dir, part, which end, operator, nation).
ROUTE_END_SITES = [
    ("site-karsto", "Kaarstoe gas processing plant", "P0690", "gas", 0, 0, "Gassco", "NOR"),
    ("site-kollsnes", "Kollsnes gas processing plant", "P7443", "gas", 0, 0, "Gassco", "NOR"),
    ("site-nyhamna", "Nyhamna gas processing plant", "P0704", "gas", 0, 0, "Gassco", "NOR"),
    ("site-dornum", "Europipe receiving facility Dornum", "P0690", "gas", 0, -1, "Gassco", "DEU"),
    ("site-emden", "Norsea gas terminal Emden", "P0712", "gas", 1, -1, "Gassco", "DEU"),
    ("site-easington", "Langeled receiving facility Easington", "P0704", "gas", 1, -1, "Gassco", "GBR"),
    ("site-st-fergus", "St Fergus gas terminal", "P0691", "gas", 0, 0, "National Gas, Gassco", "GBR"),
    ("site-bacton", "Bacton gas terminal", "P0682", "gas", 0, -1, "National Gas", "GBR"),
    ("site-zeebrugge", "Zeepipe terminal Zeebrugge", "P1770", "gas", 0, -1, "Fluxys", "BEL"),
    ("site-dunkerque", "Franpipe terminal Dunkerque", "P0692", "gas", 0, -1, "Gassco", "FRA"),
    ("site-lubmin", "Nord Stream landfall Lubmin", "P0753", "gas", 0, -1, "Nord Stream AG", "DEU"),
    ("site-baltic-pipe-pogorzelica", "Baltic Pipe landfall Pogorzelica", "P0684", "gas", 0, 0, "GAZ-SYSTEM", "POL"),
    ("site-baltic-pipe-blaabjerg", "Baltic Pipe landfall Blaabjerg", "P0684", "gas", 2, 0, "Energinet", "DNK"),
    ("site-teesside", "Norpipe oil terminal Teesside", "P5148", "liquid", 0, -1, "ConocoPhillips", "GBR"),
]

# LNG terminals and compressor stations from their operators' public
# descriptions; positions approximate (about 1 km), corridor 2 km.
OWN_SITES = [
    ("lng-swinoujscie", "Swinoujscie LNG terminal", 14.28, 53.92, "Polskie LNG (GAZ-SYSTEM)", "POL"),
    ("lng-klaipeda", "Klaipeda LNG FSRU Independence", 21.11, 55.65, "KN Energies", "LTU"),
    ("lng-inkoo", "Inkoo LNG FSRU Exemplar", 24.01, 60.04, "Gasgrid Finland", "FIN"),
    ("lng-eemshaven", "EemsEnergyTerminal LNG", 6.85, 53.45, "Gasunie", "NLD"),
    ("lng-gate-rotterdam", "Gate terminal LNG Rotterdam", 4.03, 51.97, "Gasunie, Vopak", "NLD"),
    ("lng-wilhelmshaven", "Wilhelmshaven LNG FSRU", 8.15, 53.56, "Deutsche Energy Terminal", "DEU"),
    ("lng-brunsbuettel", "Brunsbuettel LNG FSRU", 9.18, 53.89, "Deutsche Energy Terminal", "DEU"),
    ("lng-mukran", "Mukran LNG (Deutsche ReGas)", 13.63, 54.51, "Deutsche ReGas", "DEU"),
    ("lng-zeebrugge", "Zeebrugge LNG terminal", 3.20, 51.33, "Fluxys", "BEL"),
    ("lng-dunkerque", "Dunkerque LNG terminal", 2.27, 51.03, "Dunkerque LNG", "FRA"),
    ("site-everdrup", "Everdrup compressor station (Baltic Pipe)", 11.93, 55.21, "Energinet", "DNK"),
    ("site-nybro", "Nybro gas treatment plant", 8.40, 55.66, "Energinet", "DNK"),
    ("site-paldiski-lng-quay", "Paldiski LNG quay", 24.07, 59.35, "Alexela", "EST"),
]


def site_features(gem_dir):
    feats = []
    for ident, name, pid, kdir, part, end, operator, nation in ROUTE_END_SITES:
        path, parts = gem_lines(gem_dir, pid, kdir)
        lines = [l for _, ls in parts for l in ls]
        pos = lines[part][end]
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": rounded(pos)},
                      "properties": {"id": ident, "name": name, "kind": "energy_site", "owner": operator,
                                     "buffer_m": 2000, "site_type": "gas terminal or landfall",
                                     "source": "end of the route %s in %s@%s" % (path, GEM[0], GEM[1]),
                                     "licence": GEM_LICENCE, "marking": marking_for(nation),
                                     "marking_basis": "territory",
                                     "note": "the route's end as traced; the site lies within about 2 km"}})
    for ident, name, lon, lat, operator, nation in OWN_SITES:
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                      "properties": {"id": ident, "name": name, "kind": "energy_site", "owner": operator,
                                     "buffer_m": 2000,
                                     "site_type": "LNG terminal" if ident.startswith("lng-") else "gas plant",
                                     "source": "Lookout, from the operator's public description",
                                     "licence": OWN_LICENCE, "marking": marking_for(nation),
                                     "marking_basis": "territory",
                                     "note": "approximate position (about 1 km)"}})
    return feats


# --- airfields ----------------------------------------------------------------

# ICAO code, name, kind, nation. Air bases are military_site (8 km zone, the
# Danish rule for military airfields); airports airport (5 km, the Danish rule
# for public airports' runways). Chosen: the main airports of the JEF and
# Baltic-rim nations and the air bases near the 2025 drone sightings.
AIRFIELDS = [
    ("EKCH", "Copenhagen Airport Kastrup", "airport", "DNK"),
    ("EKBI", "Billund Airport", "airport", "DNK"),
    ("EKYT", "Aalborg Airport (and Flyvestation Aalborg)", "military_site", "DNK"),
    ("EKAH", "Aarhus Airport", "airport", "DNK"),
    ("EKEB", "Esbjerg Airport", "airport", "DNK"),
    ("EKSB", "Soenderborg Airport", "airport", "DNK"),
    ("EKOD", "Odense Airport", "airport", "DNK"),
    ("EKRN", "Bornholm Airport", "airport", "DNK"),
    ("EKKA", "Flyvestation Karup", "military_site", "DNK"),
    ("EKSP", "Flyvestation Skrydstrup", "military_site", "DNK"),
    ("ENGM", "Oslo Airport Gardermoen", "airport", "NOR"),
    ("ENBR", "Bergen Airport Flesland", "airport", "NOR"),
    ("ENZV", "Stavanger Airport Sola", "airport", "NOR"),
    ("ENVA", "Trondheim Airport Vaernes", "airport", "NOR"),
    ("ENOL", "Oerland Main Air Station", "military_site", "NOR"),
    ("ENRY", "Rygge Air Station", "military_site", "NOR"),
    ("ENAN", "Andoeya Air Station", "military_site", "NOR"),
    ("ESSA", "Stockholm Arlanda Airport", "airport", "SWE"),
    ("ESGG", "Goeteborg Landvetter Airport", "airport", "SWE"),
    ("ESMS", "Malmoe Airport", "airport", "SWE"),
    ("ESDF", "Ronneby Airport (F 17 Blekinge Wing)", "military_site", "SWE"),
    ("ESPA", "Luleaa Airport (F 21 Norrbotten Wing)", "military_site", "SWE"),
    ("EFHK", "Helsinki Airport", "airport", "FIN"),
    ("EFTU", "Turku Airport", "airport", "FIN"),
    ("EFTP", "Tampere-Pirkkala Airport (Satakunta Air Command)", "military_site", "FIN"),
    ("EFRO", "Rovaniemi Airport (Lapland Air Wing)", "military_site", "FIN"),
    ("EETN", "Tallinn Airport", "airport", "EST"),
    ("EEEI", "Aemari Air Base", "military_site", "EST"),
    ("EVRA", "Riga International Airport", "airport", "LVA"),
    ("EVGA", "Lielvaarde Air Base", "military_site", "LVA"),
    ("EYVI", "Vilnius International Airport", "airport", "LTU"),
    ("EYSA", "Siauliai Air Base", "military_site", "LTU"),
    ("EPGD", "Gdansk Lech Walesa Airport", "airport", "POL"),
    ("EDDH", "Hamburg Airport", "airport", "DEU"),
    ("ETNS", "Schleswig Air Base", "military_site", "DEU"),
    ("ETNL", "Rostock-Laage Airport and Air Base", "military_site", "DEU"),
    ("EHAM", "Amsterdam Airport Schiphol", "airport", "NLD"),
    ("EHLW", "Leeuwarden Air Base", "military_site", "NLD"),
    ("EGPD", "Aberdeen International Airport", "airport", "GBR"),
    ("EGQS", "RAF Lossiemouth", "military_site", "GBR"),
    ("EGXC", "RAF Coningsby", "military_site", "GBR"),
]


# Already in baltic_north_sea.geojson as points (airport-<icao>): left out here
# so that a node loading both files does not hold one airfield twice.
IN_DEFAULT_FILE = {"EKCH", "EKYT", "ENGM", "EFHK"}


def airfield_features(oa_dir):
    import csv
    import io
    text = git_show(oa_dir, OURAIRPORTS[1], "runways.csv")
    runways = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["closed"] == "1":
            continue
        try:
            a = [float(row["le_longitude_deg"]), float(row["le_latitude_deg"])]
            b = [float(row["he_longitude_deg"]), float(row["he_latitude_deg"])]
        except ValueError:
            continue
        if km(a, b) < 0.3:
            continue
        runways.setdefault(row["airport_ident"], []).append([a, b])
    feats = []
    for icao, name, kind, nation in AIRFIELDS:
        if icao in IN_DEFAULT_FILE:
            continue
        rws = sorted(runways.get(icao, []))
        if not rws:
            raise SystemExit("no open runway with both ends for %s in runways.csv" % icao)
        buf = 8000 if kind == "military_site" else 5000
        geom = ({"type": "LineString", "coordinates": rounded(rws[0])} if len(rws) == 1 else
                {"type": "MultiLineString", "coordinates": rounded(rws)})
        feats.append({"type": "Feature", "geometry": geom,
                      "properties": {"id": "airfield-%s" % icao.lower(), "name": name, "kind": kind,
                                     "icao": icao, "buffer_m": buf,
                                     "zone": "%d km from the runways" % (buf // 1000),
                                     "source": "%s runways.csv@%s" % OURAIRPORTS,
                                     "licence": OURAIRPORTS_LICENCE, "marking": marking_for(nation),
                                     "marking_basis": "territory"}})
    return feats


# --- output -------------------------------------------------------------------

def collection(features, generator):
    ids = [f["properties"]["id"] for f in features]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SystemExit("duplicate ids: " + ", ".join(dupes))
    lines = [json.dumps(f, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for f in features]
    header = '{"type":"FeatureCollection","generator":"%s","features":[\n' % generator
    return header + ",\n".join(lines) + "\n]}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gem", type=Path, required=True)
    ap.add_argument("--ourairports", type=Path, required=True)
    ap.add_argument("--dea-wind", type=Path, required=True)
    ap.add_argument("--ospar", type=Path, required=True)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    gen = "tools/build_energy_assets.py; see data/assets/SOURCES.md"
    outputs = {
        OUT_ENERGY: collection(pipeline_features(args.gem) + wind_features(args.dea_wind) +
                               site_features(args.gem), gen),
        OUT_PLATFORMS: collection(platform_features(args.ospar), gen),
        OUT_AIR: collection(airfield_features(args.ourairports), gen),
    }
    status = 0
    for path, text in outputs.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print("%s is not what tools/build_energy_assets.py builds" % path, file=sys.stderr)
                status = 1
            continue
        path.write_text(text, encoding="utf-8")
        print("wrote %s (%d features, %d bytes)" % (path, text.count('"type":"Feature"'), len(text)))
    return status


if __name__ == "__main__":
    sys.exit(main())
