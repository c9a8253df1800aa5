#!/usr/bin/env python3
"""build_watchlists: convert the public watch lists into Lookout's watch-list CSV.

Lookout reads watch lists as CSV with the header `imo,mmsi,name,reason`
(docs/ARCHITECTURE.md, "Watch list: CSV"; src/detect/watchlist.h). The public
lists come in other shapes; this script converts them, one output per source,
and puts each where its licence allows (see data/watchlists/SOURCES.md):

  EU Annex XLII designated vessels (EU official data, may be redistributed)
      -> data/watchlists/eu_designated_vessels.csv            (committed)
  OpenSanctions + UK shadow-fleet list (CC BY-NC 4.0, non-commercial only)
      -> data/watchlists/local/opensanctions_uk_shadowfleet.csv  (git-ignored)
      -> tests/scenarios/watchlist_digitraffic/opensanctions_uk_shadowfleet.csv
         (committed as non-commercial test data, with its attribution)
  KSE Institute shadow-fleet tankers (no licence: test use only, never shipped)
      -> data/watchlists/local/kse_shadowfleet_tankers.csv     (git-ignored)

One hull can take several rows: the first carries its main name and MMSI,
further rows carry its other MMSIs and former names with the same IMO, so
that the MMSI and name rules find it too. Rows are sorted by IMO and the
output is deterministic.

Usage: tools/build_watchlists.py [--src DIR] [--repo DIR]
Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys

HEADER = ["imo", "mmsi", "name", "reason"]


def imo_ok(text: str) -> bool:
    """Seven digits with a valid check digit (weights 7..2, modulo 10)."""
    if len(text) != 7 or not text.isdigit():
        return False
    return sum(int(text[i]) * (7 - i) for i in range(6)) % 10 == int(text[6])


def normalise(name: str) -> str:
    """As Watchlist::normalise_name: upper case, punctuation and spaces collapsed."""
    out = re.sub(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+", " ", name)
    return out.strip().upper()


def clean(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("\xa0", " ")).strip()


class Rows:
    """Collects rows for one output, dropping repeats of (imo, mmsi, name)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self.seen: set[tuple[str, str, str]] = set()

    def add(self, imo: str, mmsi: str, name: str, reason: str) -> None:
        key = (imo, mmsi, normalise(name))
        if key in self.seen or not (imo or mmsi or normalise(name)):
            return
        self.seen.add(key)
        self.rows.append((imo, mmsi, name, reason))

    def hull(self, imo: str, mmsis: list[str], names: list[str], reason: str) -> None:
        """A hull: main row, then other MMSIs, then other names."""
        names = [n for n in (clean(x) for x in names) if normalise(n)]
        first_name = names[0] if names else ""
        self.add(imo, mmsis[0] if mmsis else "", first_name, reason)
        for m in mmsis[1:]:
            self.add(imo, m, first_name, reason)
        done = {normalise(first_name)}
        for n in names[1:]:
            if normalise(n) not in done:
                done.add(normalise(n))
                self.add(imo, "", n, reason + " (other name)")

    def write(self, path: str) -> int:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(HEADER)
        # Main rows of a hull first (stable within an IMO), hulls by IMO.
        order = sorted(range(len(self.rows)), key=lambda i: (self.rows[i][0] or "9999999", i))
        for i in order:
            w.writerow(self.rows[i])
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())
        return len(self.rows)


def eu_list(src: str) -> Rows:
    """EU Council Regulation 833/2014 Annex XLII: 'Vessel name;IMO number ;Date of application'."""
    raw = open(os.path.join(src, "eu_designated_vessels_annex_xlii_2025-10-23.csv"), "rb").read()
    text = raw.decode("cp1252")  # the export is Windows-1252 (no-break spaces as 0xA0)
    rows = Rows()
    reader = csv.reader(io.StringIO(text), delimiter=";")
    next(reader)
    for line_no, rec in enumerate(reader, start=2):
        if not rec or not "".join(rec).strip():
            continue
        name_field, imo, date = (x.strip() for x in rec[:3])
        if not imo_ok(imo):
            sys.exit("eu list line %d: bad IMO %r" % (line_no, imo))
        # "Quartanus (formerly Morpheus" / "Dorin (formerly E Mei Shan)".
        m = re.match(r"^(.*?)\s*\(\s*formerly\s+([^)]*)\)?\s*$", clean(name_field), re.I)
        names = [m.group(1), m.group(2)] if m else [clean(name_field)]
        rows.hull(imo, [], names, "EU Annex XLII designated vessel (Reg. 833/2014), listed from %s" % date)
    return rows


def opensanctions_list(src: str) -> Rows:
    """sgofferj/tak-shadowfleet-id shadowfleet.json: OpenSanctions + UK FCDO."""
    data = json.load(open(os.path.join(src, "shadowfleet_tak_2026-08-22.json"), encoding="utf-8"))
    rows = Rows()
    for e in sorted(data, key=lambda x: x["imo"]):
        imo = e["imo"].strip()
        if not imo_ok(imo):
            continue
        mmsis = [m.strip() for m in e["mmsi"] if m.strip().isdigit() and 0 < int(m) <= 999999999]
        origin = ", ".join(sorted(set(e.get("sanctions_origin") or [])))
        kind = (e.get("type") or "").strip()
        flag = (e.get("flag") or "").strip()
        reason = "Sanctioned (%s)" % origin
        if kind and kind.lower() != "nan" and kind != "Vessel":
            reason += ": " + kind
        if flag and flag.lower() not in ("nan", "unknown"):
            reason += ", flag " + flag
        rows.hull(imo, mmsis, list(e.get("names") or []), reason)
    return rows


def kse_list(src: str) -> Rows:
    """followthemoney/shadowfleet_owners: KSE tankers with MMSI and name history."""
    def table(name):
        return list(csv.DictReader(open(os.path.join(src, name), encoding="utf-8")))

    latest_mmsi: dict[str, tuple[str, str]] = {}
    for r in table("kse_shadowfleet_mmsi_history.csv"):
        imo, mmsi, start = r["vessel_imo"].strip(), r["mmsi"].strip(), r["start_date"]
        if mmsi.isdigit() and (imo not in latest_mmsi or start > latest_mmsi[imo][0]):
            latest_mmsi[imo] = (start, mmsi)
    names: dict[str, list[tuple[str, str]]] = {}
    for r in table("kse_shadowfleet_name_history.csv"):
        names.setdefault(r["vessel_imo"].strip(), []).append((r["start_date"] or "", r["vessel_name"]))
    rows = Rows()
    for r in sorted(table("kse_shadowfleet_tankers.csv"), key=lambda x: x["vessel_imo"]):
        imo = r["vessel_imo"].strip()
        if not imo_ok(imo):
            continue
        history = [n for _, n in sorted(names.get(imo, []), reverse=True)]  # newest first
        mmsi = [latest_mmsi[imo][1]] if imo in latest_mmsi else []
        reason = "KSE Institute shadow-fleet tanker (%s, built %s)" % (r["tanker_size"], r["buildyear"])
        rows.hull(imo, mmsi, [r["vessel_name"]] + history, reason)
    return rows


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(os.path.dirname(here), "..", "shared", "data", "watchlists"),
                    help="folder with the public lists (default: ../shared/data/watchlists beside the repository)")
    ap.add_argument("--repo", default=os.path.dirname(here), help="repository root to write into")
    args = ap.parse_args()

    out = {
        "data/watchlists/eu_designated_vessels.csv": eu_list(args.src),
        "data/watchlists/local/opensanctions_uk_shadowfleet.csv": opensanctions_list(args.src),
        "data/watchlists/local/kse_shadowfleet_tankers.csv": kse_list(args.src),
    }
    out["tests/scenarios/watchlist_digitraffic/opensanctions_uk_shadowfleet.csv"] = \
        out["data/watchlists/local/opensanctions_uk_shadowfleet.csv"]
    for rel, rows in out.items():
        n = rows.write(os.path.join(args.repo, rel))
        print("%-72s %5d rows" % (rel, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
