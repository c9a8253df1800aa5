#!/usr/bin/env python3
"""CONVERTED, not captured: renders real ADS-B trajectories (the readsb
trace JSON and the `traffic` library's JSON.gz samples in
../shared/data/adsb/traffic, see its SOURCES.md) as the SBS-1 "BaseStation"
lines readsb writes on port 30003, so that the SBS decoder and the
cooperative picture can be tested on real aircraft without a capture.

Every source point becomes the lines readsb would have sent for the
messages that carried it, with readsb's formatting (modesSendSBSOutput in
readsb's net_io.c): MSG,3 (barometric altitude, lat/lon "%1.5f"), MSG,4
(ground speed and track "%.0f", vertical rate ft/min), MSG,1 (callsign,
when the source has one; every `ident_every` points), MSG,6 (squawk and its
flags, when the source has one), MSG,5 (altitude alone) every
`alt_every` points; flags "-1"/"0"/empty; times UTC "YYYY/MM/DD" and
"HH:MM:SS.mmm" (readsb writes UTC; dump1090-fa would write local time).
Lines of all aircraft are sorted by time, "\r\n" ended.

What this cannot reproduce: the real message rates and their jitter (the
sources are already thinned to a point every few seconds), MSG,5/6 from
Mode S surveillance replies, MSG,7/8, reception errors.

Usage: adsb_to_sbs.py OUT.sbs [--points N]  (defaults reproduce
tests/golden/sbs/real_trajectories.sbs)
"""
import argparse
import datetime as dt
import gzip
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "adsb", "traffic"))


def stamp(t):
    total_ms = int(round(t * 1000))  # whole milliseconds first: no "59.1000"
    d = dt.datetime.fromtimestamp(total_ms // 1000, tz=dt.timezone.utc)
    return d.strftime("%Y/%m/%d"), d.strftime("%H:%M:%S") + ".%03d" % (total_ms % 1000)


def line(kind, hexid, t, callsign="", alt="", gs="", trk="", lat=None, lon=None, vr="",
         squawk="", alert="", emerg="", spi="", ground="0"):
    date, time = stamp(t)
    pos = "%1.5f,%1.5f" % (lat, lon) if lat is not None else ","
    fields = ["MSG", str(kind), "1", "1", hexid.upper(), "1", date, time, date, time, callsign,
              str(alt), str(gs), str(trk)]
    return ",".join(fields) + "," + pos + "," + ",".join(
        [str(vr), squawk, alert, emerg, spi, ground]) + "\r\n"


def fmt0(v):
    return "" if v is None else "%.0f" % v


def points_traffic(name, n, step):
    recs = json.load(gzip.open(os.path.join(DATA, name)))
    out = []
    for r in recs[::step][:n]:
        sq = r.get("squawk")
        out.append(dict(t=r["timestamp"] / 1000.0, hex=r["icao24"], lat=r["latitude"], lon=r["longitude"],
                        alt=r["altitude"], gs=r["groundspeed"], trk=r["track"], vr=r["vertical_rate"],
                        callsign=(r.get("callsign") or "").strip(),
                        squawk=sq if isinstance(sq, str) and len(sq) == 4 else None))
    return out


def points_readsb(name, n, step):
    doc = json.load(open(os.path.join(DATA, name)))
    out = []
    callsign, squawk = "", None
    for p in doc["trace"][::step][:n]:
        det = p[8] or {}
        if det.get("flight"):
            callsign = det["flight"].strip()
        if det.get("squawk"):
            squawk = det["squawk"]
        alt = p[3] if isinstance(p[3], (int, float)) else None  # "ground" when on the ground
        out.append(dict(t=doc["timestamp"] + p[0], hex=doc["icao"], lat=p[1], lon=p[2], alt=alt,
                        gs=p[4], trk=p[5], vr=p[7], callsign=callsign, squawk=squawk,
                        ground=p[3] == "ground"))
    return out


def render(points, ident_every=10, alt_every=5):
    lines = []
    for i, p in enumerate(points):
        ground = "-1" if p.get("ground") else "0"
        t = p["t"]
        if p["callsign"] and i % ident_every == 0:
            lines.append((t, line(1, p["hex"], t, callsign=p["callsign"], ground=ground)))
        lines.append((t + 0.001, line(3, p["hex"], t + 0.001, alt=fmt0(p["alt"]), lat=p["lat"], lon=p["lon"],
                                      alert="", emerg="", spi="", ground=ground)))
        if p["gs"] is not None and p["trk"] is not None:
            lines.append((t + 0.002, line(4, p["hex"], t + 0.002, gs=fmt0(p["gs"]), trk=fmt0(p["trk"]),
                                          vr=fmt0(p["vr"]), ground=ground)))
        if p["squawk"] and i % ident_every == 5:
            emerg = "-1" if p["squawk"] in ("7500", "7600", "7700") else "0"
            lines.append((t + 0.003, line(6, p["hex"], t + 0.003, alt=fmt0(p["alt"]), squawk=p["squawk"],
                                          alert="0", emerg=emerg, spi="0", ground=ground)))
        elif i % alt_every == 2 and p["alt"] is not None:
            lines.append((t + 0.003, line(5, p["hex"], t + 0.003, alt=fmt0(p["alt"]), alert="0", spi="0",
                                          ground=ground)))
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--points", type=int, default=250)
    a = ap.parse_args()
    lines = []
    lines += render(points_readsb("readsb_trace_full_ac671b.json", a.points, 1))
    lines += render(points_traffic("calibration_bornholm.json.gz", a.points, 4))
    lines += render(points_traffic("surveys_georeal_fyn_island.json.gz", a.points, 2))
    lines.sort(key=lambda x: x[0])
    with open(a.out, "w", newline="") as f:
        for _, l in lines:
            f.write(l)


if __name__ == "__main__":
    main()
