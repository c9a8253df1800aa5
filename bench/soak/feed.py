#!/usr/bin/env python3
"""bench/soak/feed.py: days of a national AIS feed, in event time, into a live node.

Run by bench/soak/run.sh (`make soak`), which starts `lookout serve` with a
tcp_server input of format dma_csv; see bench/soak/README.md.

The feed is the Danish Maritime Authority's own national feed: the aisdk CSV
in the shared data (10,000 consecutive rows, 77 s, ~2,000 vessels in Danish
waters). It is played again and again with its times shifted forward, one
pass after the other, so that the same vessels keep reporting day after day:
every pass after the first is the previous one mirrored in time (pass 1 plays
the rows backwards), so each vessel retraces its path and its last report of
one pass and its first of the next are the same place one second apart - no
jump, no new MMSI. `--copies K` adds K-1 copies of the fleet (MMSIs shifted,
positions 0.02 degrees north per copy) for a higher rate: K x ~130 rows per
event-second. Rows carry their event time in the Timestamp column, so the
node takes event time from the feed; nothing is paced: TCP lets the node
take it as fast as it can.

Every --sample-h hours of event time (at the pass that crosses the hour) it
samples the node: RSS and peak RSS (/proc/PID/status), CPU time, the store's
size on disk, and /metrics (vessels, observations, open alerts, lines read).
At the end it prints the samples per event day and whether the memory is
flat after the first day. Standard library only.
"""

import argparse
import datetime
import json
import os
import socket
import sys
import time
import urllib.request


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", help="DMA aisdk CSV (the fleet and its motion)")
    p.add_argument("--feed-port", type=int)
    p.add_argument("--http-port", type=int)
    p.add_argument("--token", help="a token that may read /metrics")
    p.add_argument("--pid", type=int, help="the node's process id")
    p.add_argument("--store", help="the node's SQLite file (its size is sampled)")
    p.add_argument("--days", type=float, default=7.0, help="event days to feed")
    p.add_argument("--copies", type=int, default=1, help="copies of the fleet (rate x copies)")
    p.add_argument("--sample-h", type=float, default=1.0, help="event hours between samples")
    p.add_argument("--start", type=float, default=None, help="event time of the first row (unix s; default now)")
    p.add_argument("--samples", default=None, help="write the samples as JSON Lines here")
    p.add_argument("--report", default=None, help="only print the report of a samples file written before")
    a = p.parse_args()
    if not a.report:
        missing = [n for n in ("csv", "feed_port", "http_port", "token", "pid", "store") if getattr(a, n) is None]
        if missing:
            p.error("missing: " + ", ".join("--" + n.replace("_", "-") for n in missing))
    return a


def load_csv(path):
    """Header line, and the rows as (event second, text before the time, text after it)."""
    with open(path, encoding="utf-8") as f:
        lines = [ln.rstrip("\r\n") for ln in f if ln.strip()]
    header = lines[0]
    cols = header.split(",")
    t_col = next(i for i, c in enumerate(cols) if c.strip().lstrip("#").strip() == "Timestamp")
    mmsi_col = cols.index("MMSI")
    lat_col = cols.index("Latitude")
    rows = []
    for ln in lines[1:]:
        f = ln.split(",")  # the DMA file quotes nothing (names hold no commas)
        if len(f) != len(cols):
            continue
        t = datetime.datetime.strptime(f[t_col], "%d/%m/%Y %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
        rows.append((int(t.timestamp()), f, t_col, mmsi_col, lat_col))
    return header, rows


def fleet_copies(rows, copies):
    """Per copy, the rows as (second, prefix, suffix) with MMSI and latitude shifted."""
    out = []
    for k in range(copies):
        for sec, f, t_col, mmsi_col, lat_col in rows:
            g = list(f)
            if k > 0:
                try:
                    g[mmsi_col] = str((int(g[mmsi_col]) + k * 1000003) % 1000000000)
                    lat = float(g[lat_col])
                    if lat < 90:
                        g[lat_col] = "%.6f" % (lat + 0.02 * k)
                except ValueError:
                    pass
            out.append((sec, ",".join(g[:t_col]) + ",", "," + ",".join(g[t_col + 1:]) + "\r\n"))
    out.sort(key=lambda r: r[0])  # stable: a copy's rows stay in file order within a second
    return out


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith(key + ":"):
                return int(ln.split()[1])
    return -1


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def store_bytes(path):
    return sum(os.path.getsize(path + s) for s in ("", "-wal", "-shm") if os.path.exists(path + s))


def metrics(port, token):
    req = urllib.request.Request("http://127.0.0.1:%d/metrics" % port, headers={"Authorization": "Bearer " + token})
    out = {}
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            for ln in r.read().decode().splitlines():
                if not ln or ln[0] == "#":
                    continue
                name, _, value = ln.rpartition(" ")
                base = name.split("{", 1)[0]
                out[base] = out.get(base, 0.0) + float(value)
    except OSError as e:
        print("feed.py: GET /metrics: %s" % e, file=sys.stderr)
    return out


def main():
    a = parse_args()
    if a.report:
        with open(a.report) as f:
            samples = [json.loads(ln) for ln in f if ln.strip()]
        report(samples, samples[-1]["lines_sent"] / max(samples[-1]["event_h"] * 3600, 1e-9))
        return
    header, rows = load_csv(a.csv)
    fleet = fleet_copies(rows, a.copies)
    t0 = fleet[0][0]
    t1 = fleet[-1][0]
    period = t1 - t0 + 1  # one pass, event seconds
    start = int(a.start if a.start is not None else time.time())
    total_s = int(a.days * 86400)
    passes = (total_s + period - 1) // period
    print("feed: %s, %d rows x %d copies per pass of %d event-s (%.0f rows/event-s), %d passes = %.2f event days"
          % (os.path.basename(a.csv), len(rows), a.copies, period, len(fleet) / period, passes, passes * period / 86400),
          flush=True)

    sock = socket.create_connection(("127.0.0.1", a.feed_port))
    sock.sendall((header + "\r\n").encode())
    samples = []
    out = open(a.samples, "w") if a.samples else None
    wall0 = time.monotonic()
    cpu0 = cpu_s(a.pid)
    sent = 1
    next_sample = 0.0

    def sample(event_s):
        m = metrics(a.http_port, a.token)
        s = {
            "event_h": round(event_s / 3600, 3),
            "wall_s": round(time.monotonic() - wall0, 1),
            "rss_mb": round(status_kb(a.pid, "VmRSS") / 1024, 1),
            "hwm_mb": round(status_kb(a.pid, "VmHWM") / 1024, 1),
            "anon_mb": round(status_kb(a.pid, "RssAnon") / 1024, 1),  # the heap (RSS less mapped files)
            "cpu_s": round(cpu_s(a.pid) - cpu0, 1),
            "store_mb": round(store_bytes(a.store) / 1e6, 1),
            "lines_sent": sent,
            "lines_read": m.get("lookout_input_lines_total", -1),
            "vessels": m.get("lookout_vessels", -1),
            "observations": m.get("lookout_observations_total", -1),
            "alerts_open": m.get("lookout_alerts_open", -1),
            "alerts_opened": m.get("lookout_alerts_opened_total", -1),
            "store_queued_rows": m.get("lookout_store_queued_rows", -1),
        }
        samples.append(s)
        if out:
            out.write(json.dumps(s) + "\n")
            out.flush()
        print("  h %7.1f  wall %6.0f s  RSS %7.1f MB  store %8.1f MB  vessels %6.0f  open alerts %5.0f  read %d/%d"
              % (s["event_h"], s["wall_s"], s["rss_mb"], s["store_mb"], s["vessels"], s["alerts_open"],
                 s["lines_read"], s["lines_sent"]), flush=True)

    sample(0)
    next_sample = a.sample_h * 3600
    stamps = {}
    for p in range(passes):
        base = start + p * period
        # Even passes forward, odd passes mirrored: a vessel retraces its path.
        if p % 2 == 0:
            order = fleet
            when = lambda sec: base + (sec - t0)
        else:
            order = reversed(fleet)
            when = lambda sec: base + (t1 - sec)
        stamps.clear()
        parts = []
        for sec, pre, post in order:
            ts = when(sec)
            text = stamps.get(ts)
            if text is None:
                text = stamps[ts] = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%d/%m/%Y %H:%M:%S")
            parts.append(pre)
            parts.append(text)
            parts.append(post)
        sock.sendall("".join(parts).encode())
        sent += len(fleet)
        done_s = (p + 1) * period
        if done_s >= next_sample or p + 1 == passes:
            sample(done_s)
            while next_sample <= done_s:
                next_sample += a.sample_h * 3600
    sock.shutdown(socket.SHUT_WR)
    # Drain: until the node has read every line (or stops reading).
    last, still = -1, 0
    while still < 10:
        m = metrics(a.http_port, a.token)
        n = m.get("lookout_input_lines_total", -1)
        if n >= sent:
            break
        still = still + 1 if n == last else 0
        last = n
        time.sleep(1)
    sample(passes * period)
    sock.close()
    report(samples, len(fleet) / period)


def report(samples, rate):
    wall = samples[-1]["wall_s"]
    days = int(max(1, round(samples[-1]["event_h"] / 24)))
    print("\n== soak: %.2f event days at %.0f rows/event-s in %.0f s of wall time (%.0f rows/s, %.0fx real time)"
          % (samples[-1]["event_h"] / 24, rate, wall, samples[-1]["lines_sent"] / max(wall, 1e-9),
             samples[-1]["event_h"] * 3600 / max(wall, 1e-9)))
    print("day  RSS mean (MB)  RSS at end  max RSS in day  heap at end (RssAnon)  store (MB)  vessels  open alerts  alerts opened  node CPU (s)")
    ends, means = {}, {}
    for d in range(1, days + 1):
        in_day = [s for s in samples if (d - 1) * 24 + 0.05 < s["event_h"] <= d * 24 + 0.05]
        if not in_day:
            continue
        e = in_day[-1]
        ends[d] = e
        means[d] = sum(s["rss_mb"] for s in in_day) / len(in_day)
        print("%3d  %13.1f  %10.1f  %14.1f  %21.1f  %10.1f  %7.0f  %11.0f  %13.0f  %12.1f" % (
            d, means[d], e["rss_mb"], max(s["rss_mb"] for s in in_day), e.get("anon_mb", -1), e["store_mb"], e["vessels"], e["alerts_open"],
            e["alerts_opened"], e["cpu_s"]))
    if 2 in ends and days in ends and days > 2:
        r2, rn = ends[2]["rss_mb"], ends[days]["rss_mb"]
        print("RSS at the end of day %d vs day 2: %.1f MB vs %.1f MB (%+.1f%%)" % (days, rn, r2, 100 * (rn - r2) / r2))
        m2, mn = means[2], means[days]
        print("mean RSS of day %d vs day 2: %.1f MB vs %.1f MB (%+.1f%%)" % (days, mn, m2, 100 * (mn - m2) / m2))
        after = [s["rss_mb"] for s in samples if s["event_h"] > 24]
        print("RSS after day 1: min %.1f MB, max %.1f MB (spread %.1f%% of the min)"
              % (min(after), max(after), 100 * (max(after) - min(after)) / min(after)))
    print("peak RSS (VmHWM): %.1f MB" % samples[-1]["hwm_mb"])
    print("RESULT days=%.2f rate=%.0f wall_s=%.0f rss_end_mb=%.1f hwm_mb=%.1f store_mb=%.1f lines=%d read=%d" % (
        samples[-1]["event_h"] / 24, rate, wall, samples[-1]["rss_mb"], samples[-1]["hwm_mb"],
        samples[-1]["store_mb"], samples[-1]["lines_sent"], samples[-1]["lines_read"]))


if __name__ == "__main__":
    main()
