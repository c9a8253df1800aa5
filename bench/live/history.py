#!/usr/bin/env python3
"""bench/live/history.py: a month of real tracks for the live bench's store.

The track-pulling clients of the live bench (`--track-clients`) ask for
31-day tracks; for those to be heavy the node's store must hold a month of
history. This writes it as a Kystverket CSV for `lookout replay --store`:
the five vessels of the Norwegian Coastal Administration's day near Bergen
(shared data, 10,000 reports over 2022-09-01, one vessel every ~13 s, the
others every ~3 min), that day played --days times ending at --end, every
other day mirrored in time (so each vessel retraces its path: no jump at
midnight), and --copies copies of the five with shifted MMSIs (the same
tracks, other vessels). Prints the MMSIs written, comma separated, on
stdout. Standard library only.
"""

import argparse
import collections
import datetime
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", required=True, help="Kystverket CSV (;mmsi;imo_nr;...;date_time_utc;...)")
    p.add_argument("--out", required=True)
    p.add_argument("--days", type=int, default=31)
    p.add_argument("--copies", type=int, default=4)
    p.add_argument("--end", type=float, required=True, help="unix time of the last report")
    a = p.parse_args()

    with open(a.csv, encoding="utf-8") as f:
        lines = [ln.rstrip("\r\n") for ln in f if ln.strip()]
    header = lines[0].split(";")
    t_col, m_col = header.index("date_time_utc"), header.index("mmsi")
    rows = []
    for ln in lines[1:]:
        f = ln.split(";")
        t = datetime.datetime.strptime(f[t_col], "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
        rows.append((int(t.timestamp()), f))
    rows.sort(key=lambda r: r[0])
    t0, t1 = rows[0][0], rows[-1][0]
    period = max(86400, t1 - t0 + 1)
    start = int(a.end) - a.days * period + 1
    fmt = lambda ts: datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    per_vessel = collections.Counter()
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        out.write(lines[0] + "\n")
        for day in range(a.days):
            base = start + day * period
            order = rows if day % 2 == 0 else list(reversed(rows))
            for sec, f in order:
                ts = base + (sec - t0 if day % 2 == 0 else t1 - sec)
                for k in range(a.copies):
                    g = list(f)
                    g[0] = str(n)
                    g[m_col] = str(int(f[m_col]) + k * 1000003)
                    g[t_col] = fmt(ts)
                    out.write(";".join(g) + "\n")
                    per_vessel[g[m_col]] += 1
                    n += 1
    print("history.py: %d reports, %d vessels, %s to %s" % (n, len(per_vessel), fmt(start), fmt(start + a.days * period - 1)),
          file=sys.stderr)
    # Heaviest first: the track clients start on different vessels.
    print(",".join(m for m, _ in per_vessel.most_common()))


if __name__ == "__main__":
    main()
