#!/usr/bin/env python3
"""Builds data/assets/baltic_north_sea.geojson, the bundled asset file.

Reproducible from the shared infrastructure data (Python 3 standard library
only; same input, same bytes out):

  tools/build_assets.py [--src DIR] [--out FILE] [--check]

  --src    the infrastructure folder (default: $LOOKOUT_INFRA_DIR or
           ../shared/data/infrastructure beside the source tree)
  --out    where to write (default: data/assets/baltic_north_sea.geojson)
  --check  build in memory and fail if FILE differs (for CI)

What goes in (data/assets/SOURCES.md has origins and licences):
  * HVDC power links (power_cables/nordic_baltic_hvdc_links.geojson), named by
    matching their endpoints against converter stations in links_p_nom.csv;
    kind "cable", cable_type "power".
  * Nordic/Baltic telecom cables (telecom_cables/nordic_baltic_cables_subset
    .geojson); kind "cable", cable_type "telecom". CC BY-NC-SA 3.0.
  * Balticconnector (Inkoo-Paldiski gas pipeline): approximate geometry from
    public descriptions, not from data.
  * A few ports, airports and anchorages for tests: approximate positions.

Every feature gets a marking: the nation of the asset's operator when known
(OPERATORS below, from the operators' own public descriptions), otherwise the
nation of the first allied landing point (property marking_basis says which);
releasable to JEF for JEF nations, to NATO for other NATO members.
"""

import argparse
import csv
import json
import math
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SRC = Path(os.environ.get("LOOKOUT_INFRA_DIR", REPO.parent / "shared" / "data" / "infrastructure"))
DEFAULT_OUT = REPO / "data" / "assets" / "baltic_north_sea.geojson"

JEF = {"DNK", "EST", "FIN", "GBR", "ISL", "LTU", "LVA", "NLD", "NOR", "SWE"}
NATO = JEF | {  # all ten JEF nations are NATO members too
    "ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "ESP", "FRA", "GRC", "HRV", "HUN", "ITA",
    "LUX", "MKD", "MNE", "POL", "PRT", "ROU", "SVK", "SVN", "TUR", "USA"}

# Landing-point country names (as TeleGeography writes them) to ISO 3166-1 alpha-3.
COUNTRY = {
    "Denmark": "DNK", "Estonia": "EST", "Faroe Islands": "FRO", "Finland": "FIN",
    "Germany": "DEU", "Iceland": "ISL", "Ireland": "IRL", "Latvia": "LVA",
    "Lithuania": "LTU", "Netherlands": "NLD", "Norway": "NOR", "Poland": "POL",
    "Russia": "RUS", "Sweden": "SWE", "United Kingdom": "GBR", "United States": "USA",
}

# Operators (organisation, nation) from the operators' public descriptions and,
# for EE-S1, from incidents/baltic_cable_incidents.csv.
OPERATORS = {
    "estlink-1": ("Elering, Fingrid", "FIN"),
    "estlink-2": ("Elering, Fingrid", "FIN"),
    "nordbalt": ("Litgrid, Svenska kraftnät", "LTU"),
    "baltic-cable": ("Baltic Cable AB", "SWE"),
    "swepol": ("SwePol Link AB (Svenska kraftnät, PSE)", "SWE"),
    "kontek": ("Energinet, 50Hertz", "DNK"),
    "fenno-skan-1": ("Fingrid, Svenska kraftnät", "FIN"),
    "fenno-skan-2": ("Fingrid, Svenska kraftnät", "FIN"),
    "konti-skan-1": ("Energinet, Svenska kraftnät", "DNK"),
    "konti-skan-2": ("Energinet, Svenska kraftnät", "DNK"),
    "skagerrak-1-2": ("Statnett, Energinet", "NOR"),
    "skagerrak-3": ("Statnett, Energinet", "NOR"),
    "skagerrak-4": ("Statnett, Energinet", "NOR"),
    "norned": ("Statnett, TenneT", "NOR"),
    "nord-link": ("Statnett, TenneT, KfW", "NOR"),
    "north-sea-link": ("Statnett, National Grid", "NOR"),
    "cobracable": ("Energinet, TenneT", "DNK"),
    "storebaelt": ("Energinet", "DNK"),
    "sydvastlanken": ("Svenska kraftnät", "SWE"),
    "borwin1": ("TenneT", "DEU"), "borwin2": ("TenneT", "DEU"),
    "dolwin1": ("TenneT", "DEU"), "dolwin2": ("TenneT", "DEU"), "dolwin3": ("TenneT", "DEU"),
    "helwin1": ("TenneT", "DEU"), "helwin2": ("TenneT", "DEU"), "sylwin1": ("TenneT", "DEU"),
    "c-lion1": ("Cinia", "FIN"),
    "bcs-east-west": ("Telia Lietuva", "LTU"),
    "ee-s1": ("Arelion", "SWE"),
    "balticconnector": ("Gasgrid Finland, Elering", "FIN"),
}

# HVDC links absent from links_p_nom.csv, named from public descriptions of
# their converter stations (GridKit link id: name, stations).
EXTRA_HVDC_NAMES = {
    "14804": ("North Sea Link", "Kvilldal (NO) - Blyth (GB)"),
    "14803": ("COBRAcable", "Eemshaven (NL) - Endrup (DK)"),
}

# Unnamed HVDC links whose two endpoints lie in one country (GridKit link id:
# nation); landing points of telecom cables say nothing about inland stations.
HVDC_NATIONS = {"12931": "DEU", "12932": "DEU", "14812": "FIN", "8394": "NOR"}

# Names in links_p_nom.csv and what the asset is called here.
NAME_FIXES = {"Estlink": "Estlink 1", "Fenno-Skan": "Fenno-Skan 1"}

# Telecom source ids renamed for the ids tests and detectors cite.
TELECOM_IDS = {"bcs-east-west-interlink": "bcs-east-west", "sweden-estonia-ee-s-1": "ee-s1"}

HVDC_LICENCE = "no explicit licence (ENTSO-E map extract via GridKit/PyPSA-Eur; names CC BY-SA Wikipedia)"
TELECOM_LICENCE = "CC BY-NC-SA 3.0 (TeleGeography via stevesong/open_undersea_cable_map); non-commercial"
OWN_LICENCE = "CC0 (Lookout; approximate positions from public descriptions)"

MATCH_KM = 40.0  # GridKit lines end at the coast or a substation near the converter


def km(a, b):
    """Great-circle distance on a 6371 km sphere: only to rank endpoint matches."""
    la1, lo1, la2, lo2 = map(math.radians, (a[1], a[0], b[1], b[0]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def slug(name):
    s = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("ä", "a").replace("ö", "o")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def rounded(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 6), round(coords[1], 6)]
    return [rounded(c) for c in coords]


def marking_for(nation):
    return {"owner": nation, "releasable_to": ["JEF"] if nation in JEF else ["NATO"]}


class Landings:
    """Cable landing points, to name the country at each end of a line."""

    def __init__(self, path):
        data = json.loads(path.read_text(encoding="utf-8"))
        self.points = [(f["geometry"]["coordinates"], f["properties"]["name"]) for f in data["features"]]

    def country(self, lonlat):
        coords, name = min(self.points, key=lambda p: km(p[0], lonlat))
        return COUNTRY.get(name.rsplit(",", 1)[-1].strip())

    def first_allied(self, lines):
        """The first NATO/JEF country among the line ends, in geometry order."""
        for line in lines:
            for end in (line[0], line[-1]):
                nation = self.country(end)
                if nation in NATO:
                    return nation
        return None


def apply_operator(props, landings, lines):
    operator = OPERATORS.get(props["id"])
    if operator:
        props["owner"] = operator[0]
        props["marking"] = marking_for(operator[1])
        props["marking_basis"] = "operator"
        return
    if props.get("cable_type") == "power" and props["source_id"] in HVDC_NATIONS:
        props["marking"] = marking_for(HVDC_NATIONS[props["source_id"]])
        props["marking_basis"] = "both endpoints in this country (operator not recorded)"
        return
    nation = landings.first_allied(lines)
    if nation:
        props["marking"] = marking_for(nation)
        props["marking_basis"] = "first allied landing country (operator not recorded)"
    else:
        props["marking_basis"] = "none: no allied landing; the node's default marking applies"


def read_p_nom(path):
    rows = []
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            remarks = r["Remarks"]
            if re.search(r"Decommissioned|Shut down|Dismantled|Never placed", remarks, re.I):
                continue
            try:
                ends = ((float(r["x1"]), float(r["y1"])), (float(r["x2"]), float(r["y2"])))
            except ValueError:
                continue
            rows.append({"name": r["Name"].strip(), "ends": ends, "mw": number(r["Power (MW)"]),
                         "kv": number(r["Volt (kV)"]), "year": number(r["Year"])})
    return rows


def number(text):
    """The number in a CSV cell ("600.0" -> 600), or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def chain(lines):
    """Joins two links that share an endpoint into one line, else None."""
    a, b = lines
    for x in (a, a[::-1]):
        for y in (b, b[::-1]):
            if km(x[-1], y[0]) < 0.5:
                return x + y[1:]
    return None


def norm_name(s):
    return re.sub(r"[^a-z0-9]", "", (s or "").lower())


def match_hvdc(links, rows):
    """Greedy assignment of GridKit links (or pairs of chained links) to projects."""
    units = [((l["id"],), l["coords"]) for l in links]
    for i, a in enumerate(links):
        for b in links[i + 1:]:
            joined = chain((a["coords"], b["coords"]))
            if joined:
                units.append(((a["id"], b["id"]), joined))
    tags = {l["id"]: norm_name(l["tag"]) for l in links}
    names = [norm_name(r["name"]) for r in rows]

    def tag_names(link_id, ri):
        return bool(tags[link_id]) and tags[link_id].startswith(names[ri])

    candidates = []
    for ids, coords in units:
        for ri, row in enumerate(rows):
            # A link whose name tag names another project never serves this one.
            if any(tag_names(i, rj) and not tag_names(i, ri) for i in ids for rj in range(len(rows))):
                continue
            p, q = row["ends"]
            d = min(max(km(coords[0], p), km(coords[-1], q)), max(km(coords[0], q), km(coords[-1], p)))
            named = any(tag_names(i, ri) for i in ids)
            if d < MATCH_KM or (named and d < 3 * MATCH_KM):
                # Prefer a name tag, then nearer endpoints, then the longer chain.
                candidates.append((0 if named else 1, round(d, 3), -len(ids), ids, ri, coords))
    candidates.sort()
    used_links, used_rows, out = set(), set(), []
    for unnamed, d, _, ids, ri, coords in candidates:
        if used_links & set(ids) or ri in used_rows:
            continue
        used_links |= set(ids)
        used_rows.add(ri)
        how = "endpoints within %.0f km of converter stations in links_p_nom.csv" % d
        out.append((ids, rows[ri], how if unnamed else "name tag of the ENTSO-E map line; " + how, coords))
    return out, used_links


def hvdc_features(src, landings):
    data = json.loads((src / "power_cables" / "nordic_baltic_hvdc_links.geojson").read_text(encoding="utf-8"))
    links = [{"id": f["properties"]["link_id"], "tag": f["properties"]["name_from_tags"],
              "coords": f["geometry"]["coordinates"], "props": f["properties"]} for f in data["features"]]
    rows = read_p_nom(src / "power_cables" / "links_p_nom.csv")
    matched, used = match_hvdc(links, rows)
    assigned = {row["name"] for _, row, _, _ in matched}
    building = {l["id"] for l in links if l["props"]["under_construction"] == "t"}
    features = []
    for ids, row, how, coords in matched:
        name = NAME_FIXES.get(row["name"], row["name"])
        props = {"id": slug(name), "name": name, "kind": "cable", "cable_type": "power",
                 "source_id": "+".join(ids), "licence": HVDC_LICENCE,
                 "name_match": how,
                 "capacity_mw": row["mw"], "voltage_kv": row["kv"], "year": row["year"]}
        props = {k: v for k, v in props.items() if v is not None}
        # Projects between the very same stations cannot be told apart by position.
        twins = [r["name"] for r in rows if r["name"] not in assigned and
                 max(km(r["ends"][0], row["ends"][0]), km(r["ends"][1], row["ends"][1])) < 1]
        if twins:
            props["same_stations_as"] = ", ".join(twins)
        if building & set(ids):
            props["under_construction"] = True
        features.append((props, [coords]))
    for link in links:
        if link["id"] in used:
            continue
        tag = (link["tag"] or "").strip()
        if link["id"] in EXTRA_HVDC_NAMES:
            name, stations = EXTRA_HVDC_NAMES[link["id"]]
            match = "named from public descriptions of its stations, " + stations
        elif re.search(r"[A-Za-z]", tag):
            name, match = tag, "name tag of the ENTSO-E map line"
        else:
            name, match = "HVDC link (GridKit %s)" % link["id"], "unnamed: no project in links_p_nom.csv"
        props = {"id": slug(name), "name": name, "kind": "cable", "cable_type": "power",
                 "source_id": link["id"], "licence": HVDC_LICENCE, "name_match": match}
        if link["id"] in building:
            props["under_construction"] = True
        features.append((props, [link["coords"]]))
    for props, lines in features:
        apply_operator(props, landings, lines)
        props["note"] = "schematic route from the ENTSO-E map; errors of kilometres"
    return features


def telecom_features(src, landings, taken):
    data = json.loads((src / "telecom_cables" / "nordic_baltic_cables_subset.geojson").read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        source_id = f["properties"]["id"]
        ident = TELECOM_IDS.get(source_id, source_id)
        name = f["properties"]["name"]
        if ident in taken:  # the fibre of a power link listed above
            ident += "-fibre"
            name += " (telecom)"
        props = {"id": ident, "name": name, "kind": "cable", "cable_type": "telecom",
                 "source_id": source_id, "licence": TELECOM_LICENCE,
                 "note": "schematic route (few vertices); errors of kilometres"}
        lines = f["geometry"]["coordinates"]
        apply_operator(props, landings, lines)
        features.append((props, lines))
    return features


def point(ident, name, kind, lat, lon, nation, note):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": ident, "name": name, "kind": kind, "marking": marking_for(nation),
                           "marking_basis": "location", "licence": OWN_LICENCE, "note": note}}


def box(ident, name, kind, south, west, north, east, nation, note):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"id": ident, "name": name, "kind": kind, "marking": marking_for(nation),
                           "marking_basis": "location", "licence": OWN_LICENCE, "note": note}}


def own_features():
    """Balticconnector and the sites the tests need; every position approximate."""
    approx = "approximate position (about 1 km) from public descriptions, for tests"
    pipeline = {
        "type": "Feature",
        "geometry": {"type": "LineString",
                     "coordinates": [[24.03, 60.03], [24.08, 59.80], [24.07, 59.55], [24.06, 59.36]]},
        "properties": {"id": "balticconnector", "name": "Balticconnector", "kind": "pipeline",
                       "pipe_type": "gas", "licence": OWN_LICENCE,
                       "note": "approximate: drawn between the Inkoo (FI) and Paldiski (EE) landfalls from "
                               "public descriptions of the 77 km offshore pipeline, not from route data; "
                               "errors of kilometres"}}
    apply_operator(pipeline["properties"], None, None)
    return [
        pipeline,
        point("port-helsinki", "Port of Helsinki (South Harbour)", "port", 60.160, 24.955, "FIN", approx),
        point("port-kantvik", "Port of Kantvik", "port", 60.085, 24.375, "FIN", approx),
        point("port-tallinn", "Port of Tallinn (Old City Harbour)", "port", 59.445, 24.765, "EST", approx),
        point("port-paldiski", "Port of Paldiski (South Harbour)", "port", 59.345, 24.060, "EST", approx),
        point("port-karlskrona", "Port of Karlskrona", "port", 56.160, 15.590, "SWE", approx),
        point("airport-ekch", "Copenhagen Airport (Kastrup)", "airport", 55.618, 12.656, "DNK", approx),
        point("airport-ekyt", "Aalborg Airport", "airport", 57.093, 9.849, "DNK", approx),
        point("airport-engm", "Oslo Airport (Gardermoen)", "airport", 60.194, 11.100, "NOR", approx),
        point("airport-efhk", "Helsinki Airport (Vantaa)", "airport", 60.317, 24.963, "FIN", approx),
        box("anchorage-porkkala", "Porkkala anchorage (approximate)", "anchorage",
            59.93, 24.33, 59.96, 24.45, "FIN",
            "approximate area off Porkkala where vessels wait at anchor (Eagle S was taken there in "
            "December 2024); drawn for tests, not a charted boundary"),
        box("anchorage-kattegat-yi-peng-3", "Kattegat anchoring area (Yi Peng 3, 2024)", "anchorage",
            56.39, 11.60, 56.44, 11.70, "DNK",
            "box around the published anchoring position of Yi Peng 3, 56 25N 011 39E "
            "(incidents/baltic_cable_incidents.csv); not a charted anchorage"),
    ]


def build(src):
    landings = Landings(src / "telecom_cables" / "landing-point-geo.json")
    power = hvdc_features(src, landings)
    telecom = telecom_features(src, landings, {p["id"] for p, _ in power})
    features = []
    for props, lines in sorted(power, key=lambda f: f[0]["id"]) + telecom:
        if len(lines) == 1:
            geometry = {"type": "LineString", "coordinates": rounded(lines[0])}
        else:
            geometry = {"type": "MultiLineString", "coordinates": rounded(lines)}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    features += own_features()
    ids = [f["properties"]["id"] for f in features]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SystemExit("duplicate ids: " + ", ".join(dupes))
    lines = [json.dumps(f, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for f in features]
    header = ('{"type":"FeatureCollection",'
              '"generator":"tools/build_assets.py; see data/assets/SOURCES.md","features":[\n')
    return header + ",\n".join(lines) + "\n]}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = build(args.src)
    if args.check:
        if not args.out.exists() or args.out.read_text(encoding="utf-8") != text:
            print("%s is not what tools/build_assets.py builds" % args.out, file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("wrote %s (%d features)" % (args.out, text.count('"type":"Feature"')))
    return 0


if __name__ == "__main__":
    sys.exit(main())
