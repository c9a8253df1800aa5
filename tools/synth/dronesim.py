#!/usr/bin/env python3
"""SYNTHETIC counter-drone scenarios: sensor detections (JSON Lines, the
format of ARCHITECTURE.md "Sensor detections: JSON Lines"), the sensors file
(`lookout replay --sensors`), ground truth (JSON Lines: time, truth, kind,
lat, lon, alt_m) and, when ships take part, their AIS as NMEA with tag
blocks (aissynth.py).

What it can put in the air (all invented, none of it recorded):
  - drones launched from a ship (climb from the deck, then fly at cruise
    height and speed to a target beside an airport and on past it),
  - birds (a flock meandering across a zone at gull speeds and heights),
  - an airliner on a straight 3-degree approach to a runway,
  - clutter (false radar detections, uniform over the coverage),
and the sensors that see them:
  - radar: range (slant), bearing and elevation from its site, a class
    report now and then; sees everything in range above `min_alt_m`
    (drones close to the water are below its horizon and in sea clutter),
  - RF: absolute lat/lon/alt with a large sigma_m, sees drones only (their
    control and telemetry links), class "drone".
Sensor drop-outs are time windows in which a sensor reports nothing.

Sensor timing (Sensor.timing), because real sensors do not share one clock:
  - "shared": every plot of a scan carries the scan's one time stamp (the
    simulator's old artefact; the stock scenarios keep it),
  - "rotating": a beam sweeps clockwise once per period_s from
    `start_azimuth_deg`; each plot carries the time the beam passed the
    target's azimuth, and the target is observed where it was then,
  - "staring": each target is reported on its own schedule, every period_s
    from a phase of its own (a staring radar's per-plot reports, an RF
    detector's per-emitter fixes); clutter at random times,
and `clock_offset_s` (the sensor's clock is that far ahead of true time)
and `jitter_in_scan` (each plot observed and stamped at a time drawn
uniformly within its scan - the revolution of a rotating sensor, the period
after a shared stamp, half a period either side of a staring report - from
a random stream of its own, so the rest of the scenario keeps its draws). World.delivery_lag_s delays each line by
up to that long: the file holds the lines in arrival order, out of order by
up to that lag.

Deterministic: every random number comes from one random.Random(seed).

Use as a library (scenario make.py files do):
    import dronesim
    w = dronesim.World(t0, seed=7)
    w.add_radar(...); w.add_rf(...)
    w.add_drone_from_ship(...); w.add_birds(...); w.add_airliner(...)
    w.write(out_dir, ships=[...])
or from the command line for the stock scenarios:
    dronesim.py drone_from_ship OUT_DIR [--seed N]
    dronesim.py drone_from_ship_timed OUT_DIR --timing rotating_1s [--jitter]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aissynth import Leg, Vessel, destination_point, distance_bearing, write_nmea  # noqa: E402

KN = 1852.0 / 3600.0


def iso(t: float) -> str:
    ms = int(round(t * 1000))
    dt = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)


@dataclass
class Sensor:
    id: str
    kind: str            # "radar" or "rf"
    lat: float
    lon: float
    alt_m: float = 0.0
    period_s: float = 1.0
    pd: float = 0.9
    max_range_m: float = 20000.0
    min_alt_m: float = 0.0          # radar: targets lower than this are not seen
    sigma_range_m: float = 10.0
    sigma_bearing_deg: float = 0.3
    sigma_elevation_deg: float = 0.5
    sigma_m: float = 150.0          # rf: horizontal error
    sigma_alt_m: float = 20.0       # rf: altitude error
    clutter_per_scan: float = 0.0
    dropouts: list[tuple[float, float]] = field(default_factory=list)
    sees: tuple[str, ...] = ("drone", "bird", "aircraft")
    class_rate: float = 0.6         # share of detections carrying a class report
    timing: str = "shared"          # "shared", "rotating" or "staring" (module doc)
    start_azimuth_deg: float = 0.0  # rotating: where the beam points at the first revolution
    clock_offset_s: float = 0.0     # the sensor's clock runs this far ahead of true time
    jitter_in_scan: bool = False    # each plot at a random time within its scan (module doc)

    def config(self) -> dict:
        c = {"id": self.id, "lat": self.lat, "lon": self.lon, "alt_m": self.alt_m, "pd": self.pd,
             "max_range_m": self.max_range_m, "clutter_per_scan": max(self.clutter_per_scan, 0.01)}
        if self.timing == "rotating":
            c.update(pattern="rotating", revisit_s=self.period_s)
        elif self.timing == "staring":
            c.update(pattern="staring")
        if self.kind == "radar":
            c.update(sigma_range_m=self.sigma_range_m, sigma_bearing_deg=self.sigma_bearing_deg,
                     sigma_elevation_deg=self.sigma_elevation_deg)
        else:
            c.update(sigma_m=self.sigma_m, sigma_alt_m=self.sigma_alt_m)
        return c


@dataclass
class Target:
    truth: str
    kind: str                       # "drone", "bird", "aircraft"
    samples: list[tuple[float, float, float, float]] = field(default_factory=list)  # t, lat, lon, alt

    def at(self, t: float):
        """Interpolated (lat, lon, alt) at t, or None outside the samples."""
        s = self.samples
        if not s or t < s[0][0] or t > s[-1][0]:
            return None
        lo, hi = 0, len(s) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if s[mid][0] <= t:
                lo = mid
            else:
                hi = mid
        a, b = s[lo], s[hi]
        f = 0.0 if b[0] == a[0] else (t - a[0]) / (b[0] - a[0])
        return (a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2]), a[3] + f * (b[3] - a[3]))


class World:
    def __init__(self, t0: float, duration_s: float, seed: int = 1):
        self.t0 = t0
        self.t1 = t0 + duration_s
        self.rng = random.Random(seed)
        self.seed = seed
        self.truth_step_s = 2
        self.sensors: list[Sensor] = []
        self.targets: list[Target] = []
        self.delivery_lag_s = 0.0       # lines arrive up to this late, the file in arrival order

    # --- sensors -------------------------------------------------------
    def add_radar(self, id, lat, lon, **kw) -> Sensor:
        s = Sensor(id=id, kind="radar", lat=lat, lon=lon, **kw)
        self.sensors.append(s)
        return s

    def add_rf(self, id, lat, lon, **kw) -> Sensor:
        kw.setdefault("sees", ("drone",))
        kw.setdefault("class_rate", 1.0)
        s = Sensor(id=id, kind="rf", lat=lat, lon=lon, **kw)
        self.sensors.append(s)
        return s

    # --- targets -------------------------------------------------------
    def add_drone_from_ship(self, truth, ship: Vessel, launch_t, target_lat, target_lon, cruise_alt_m=120.0,
                            speed_mps=18.0, climb_mps=4.0, deck_alt_m=12.0, end_t=None, dt=1.0) -> Target:
        """A drone leaving the ship's deck at launch_t, climbing to cruise
        height while speeding up, flying to the target and on in the same
        direction until end_t."""
        lat, lon = ship_position(ship, launch_t)
        tg = Target(truth, "drone")
        alt, speed, t = deck_alt_m, 0.0, launch_t
        _, brg = distance_bearing(lat, lon, target_lat, target_lon)
        end_t = end_t or self.t1
        while t <= end_t:
            tg.samples.append((t, lat, lon, alt))
            speed = min(speed_mps, speed + 3.0 * dt)
            alt = min(cruise_alt_m, alt + climb_mps * dt)
            wobble = self.rng.gauss(0, 1.0)
            lat, lon = destination_point(lat, lon, brg + wobble, speed * dt)
            t += dt
        self.targets.append(tg)
        return tg

    def add_birds(self, prefix, n, lat, lon, heading_deg, start_t, end_t, speed_mps=10.0, dt=1.0) -> list[Target]:
        """A loose flock: n birds within ~300 m, each meandering (random-walk
        heading, speed and height) about a common heading."""
        out = []
        for i in range(n):
            blat, blon = destination_point(lat, lon, self.rng.uniform(0, 360), self.rng.uniform(0, 300))
            alt = self.rng.uniform(30, 90)
            hdg = heading_deg + self.rng.gauss(0, 10)
            tg = Target("%s-%d" % (prefix, i + 1), "bird")
            t = start_t
            while t <= end_t:
                tg.samples.append((t, blat, blon, alt))
                hdg += self.rng.gauss(0, 12) + 0.15 * ((heading_deg - hdg + 180) % 360 - 180)
                v = max(4.0, speed_mps + self.rng.gauss(0, 2.5))
                alt = min(150.0, max(10.0, alt + self.rng.gauss(0, 1.5)))
                blat, blon = destination_point(blat, blon, hdg, v * dt)
                t += dt
            self.targets.append(tg)
            out.append(tg)
        return out

    def add_airliner(self, truth, threshold_lat, threshold_lon, runway_heading_deg, start_t, speed_mps=70.0,
                     glide_deg=3.0, start_dist_m=18000.0, dt=1.0) -> Target:
        """Straight-in approach along the runway heading, on a glide path to
        the threshold, then the roll-out (it leaves the air picture there)."""
        tg = Target(truth, "aircraft")
        d, t = start_dist_m, start_t
        while d > 0:
            lat, lon = destination_point(threshold_lat, threshold_lon, runway_heading_deg + 180, d)
            alt = 15 + d * math.tan(math.radians(glide_deg))
            tg.samples.append((t, lat, lon, alt))
            d -= speed_mps * dt
            t += dt
        self.targets.append(tg)
        return tg

    # --- output --------------------------------------------------------
    def detections(self) -> list[tuple[float, int, dict]]:
        if any(s.timing != "shared" for s in self.sensors) or self.delivery_lag_s > 0:
            return self._timed_detections()
        rng = self.rng
        out = []
        order = 0
        for s in self.sensors:
            t = self.t0 + rng.uniform(0, s.period_s)
            while t < self.t1:
                if any(a <= t < b for a, b in s.dropouts):
                    t += s.period_s
                    continue
                scan = []
                for tg in self.targets:
                    if tg.kind not in s.sees:
                        continue
                    p = tg.at(t)
                    if p is None or (s.kind == "radar" and p[2] < s.min_alt_m):
                        continue
                    ground, brg = distance_bearing(s.lat, s.lon, p[0], p[1])
                    if ground > s.max_range_m or rng.random() > s.pd:
                        continue
                    scan.append(self._detect(s, tg, t, p, ground, brg))
                if s.kind == "radar":
                    n = _poisson(rng, s.clutter_per_scan)
                    for _ in range(n):
                        r = s.max_range_m * math.sqrt(rng.random())
                        scan.append({"time": iso(t), "sensor": s.id, "range_m": round(max(r, 100.0), 1),
                                     "bearing_deg": round(rng.uniform(0, 360), 3),
                                     "elevation_deg": round(rng.uniform(0, 3), 3)})
                rng.shuffle(scan)
                for d in scan:
                    out.append((t, order, d))
                    order += 1
                t += s.period_s
        out.sort(key=lambda x: (x[0], x[1]))
        return out

    # --- sensors on clocks of their own --------------------------------
    def _timed_detections(self) -> list[tuple[float, int, dict]]:
        """Every plot at its own time (Sensor.timing), stamped by the
        sensor's clock, then delayed by up to delivery_lag_s: returned in
        arrival order."""
        rng = self.rng
        jit = random.Random(self.seed * 7919 + 1)  # jitter only: the rest draws the same numbers
        delay = random.Random(self.seed * 7919 + 2)
        plots = []  # (true time, order, detection)
        for s in self.sensors:
            for t, tg, p, scan_start, scan_len in self._looks(s):
                if s.jitter_in_scan:
                    t = scan_start + jit.uniform(0, scan_len)
                    if t >= self.t1 or t < self.t0:
                        continue
                    if tg is not None:
                        p = tg.at(t)
                        if p is None:
                            continue
                if any(a <= t < b for a, b in s.dropouts):
                    continue
                if tg is None:
                    d = self._clutter(s, t, p)
                else:
                    if s.kind == "radar" and p[2] < s.min_alt_m:
                        continue
                    ground, brg = distance_bearing(s.lat, s.lon, p[0], p[1])
                    if ground > s.max_range_m or rng.random() > s.pd:
                        continue
                    d = self._detect(s, tg, t, p, ground, brg)
                d["time"] = iso(t + s.clock_offset_s)
                plots.append((t, len(plots), d))
        out = []
        for t, k, d in plots:
            arrival = t + (delay.uniform(0, self.delivery_lag_s) if self.delivery_lag_s > 0 else 0.0)
            out.append((arrival, k, d))
        out.sort(key=lambda x: (x[0], x[1]))
        return out

    def _looks(self, s: Sensor):
        """(time, target or None for clutter, position or clutter bearing,
        start and length of its scan) of every look `s` takes at a target or
        at clutter, by its timing."""
        rng = self.rng
        looks = []
        if s.timing == "rotating":
            k0 = self.t0 + rng.uniform(0, s.period_s)
            ts = k0
            while ts < self.t1:
                for tg in self.targets:
                    if tg.kind not in s.sees:
                        continue
                    t = self._beam_time(s, tg, ts)
                    if t is not None and t < self.t1:
                        looks.append((t, tg, tg.at(t), ts, s.period_s))
                if s.kind == "radar":
                    for _ in range(_poisson(rng, s.clutter_per_scan)):
                        brg = rng.uniform(0, 360)
                        t = ts + ((brg - s.start_azimuth_deg) % 360.0) / 360.0 * s.period_s
                        if t < self.t1:
                            looks.append((t, None, brg, ts, s.period_s))
                ts += s.period_s
        elif s.timing == "staring":
            for tg in self.targets:
                if tg.kind not in s.sees or not tg.samples:
                    continue
                t = max(self.t0, tg.samples[0][0]) + rng.uniform(0, s.period_s)
                while t < self.t1:
                    p = tg.at(t)
                    if p is None and t > tg.samples[-1][0]:
                        break
                    if p is not None:
                        looks.append((t, tg, p, t - s.period_s / 2, s.period_s))
                    t += s.period_s
            if s.kind == "radar":
                ts = self.t0
                while ts < self.t1:
                    for _ in range(_poisson(rng, s.clutter_per_scan)):
                        tc = ts + rng.uniform(0, s.period_s)
                        looks.append((tc, None, rng.uniform(0, 360), tc - s.period_s / 2, s.period_s))
                    ts += s.period_s
        else:
            t = self.t0 + rng.uniform(0, s.period_s)
            while t < self.t1:
                for tg in self.targets:
                    if tg.kind in s.sees and tg.at(t) is not None:
                        looks.append((t, tg, tg.at(t), t, s.period_s))
                if s.kind == "radar":
                    for _ in range(_poisson(rng, s.clutter_per_scan)):
                        looks.append((t, None, rng.uniform(0, 360), t, s.period_s))
                t += s.period_s
        looks.sort(key=lambda x: x[0])
        return looks

    def _beam_time(self, s: Sensor, tg: Target, rev_start: float):
        """When, in the revolution starting at rev_start, the beam passes
        the target (it moves while the beam turns: two refinements), or None
        if the target is not in the air then."""
        t = rev_start
        for _ in range(3):
            p = tg.at(t)
            if p is None:
                p = tg.at(min(max(t, tg.samples[0][0]), tg.samples[-1][0])) if tg.samples else None
                if p is None:
                    return None
            _, brg = distance_bearing(s.lat, s.lon, p[0], p[1])
            t = rev_start + ((brg - s.start_azimuth_deg) % 360.0) / 360.0 * s.period_s
        return t if tg.at(t) is not None else None

    def _clutter(self, s: Sensor, t, brg) -> dict:
        rng = self.rng
        if brg is None:
            brg = rng.uniform(0, 360)
        r = s.max_range_m * math.sqrt(rng.random())
        return {"time": iso(t), "sensor": s.id, "range_m": round(max(r, 100.0), 1), "bearing_deg": round(brg, 3),
                "elevation_deg": round(rng.uniform(0, 3), 3)}

    def _detect(self, s: Sensor, tg: Target, t, p, ground, brg) -> dict:
        rng = self.rng
        d = {"time": iso(t), "sensor": s.id}
        if s.kind == "radar":
            dz = p[2] - s.alt_m
            slant = math.hypot(ground, dz)
            d["range_m"] = round(slant + rng.gauss(0, s.sigma_range_m), 1)
            d["bearing_deg"] = round((brg + rng.gauss(0, s.sigma_bearing_deg)) % 360, 3)
            d["elevation_deg"] = round(math.degrees(math.atan2(dz, ground)) + rng.gauss(0, s.sigma_elevation_deg), 3)
            d["object_id"] = "%s-%s" % (s.id, tg.truth)
        else:
            lat, lon = destination_point(p[0], p[1], rng.uniform(0, 360), abs(rng.gauss(0, s.sigma_m)))
            d["lat"] = round(lat, 6)
            d["lon"] = round(lon, 6)
            d["alt_m"] = round(p[2] + rng.gauss(0, s.sigma_alt_m), 1)
            d["sigma_m"] = s.sigma_m
        if rng.random() < s.class_rate:
            right = {"radar": 0.8, "rf": 0.95}[s.kind]
            if rng.random() < right:
                d["class"] = tg.kind
                d["confidence"] = round(rng.uniform(0.6, 0.9), 2)
            else:
                d["class"] = "unknown"
        return d

    def truth_lines(self) -> list[str]:
        rows = []
        for tg in self.targets:
            for (t, lat, lon, alt) in tg.samples:
                # Every `truth_step_s` (on whole seconds since t0): enough to score tracks, small to commit.
                if self.t0 <= t < self.t1 and round(t - self.t0, 3) % self.truth_step_s == 0:
                    rows.append((t, tg.truth, json.dumps({"time": iso(t), "truth": tg.truth, "kind": tg.kind,
                                                          "lat": round(lat, 6), "lon": round(lon, 6),
                                                          "alt_m": round(alt, 1)})))
        rows.sort()
        return [r[2] for r in rows]

    def write(self, out_dir: str, header: str, ships: list[Vessel] | None = None) -> dict:
        os.makedirs(out_dir, exist_ok=True)
        dets = self.detections()
        # No '#' header line: `lookout` sniffs JSON Lines from the first line. The
        # scenario's make.py and scenario.json say the data are synthetic.
        with open(os.path.join(out_dir, "detections.jsonl"), "w") as f:
            for _, _, d in dets:
                f.write(json.dumps(d, separators=(",", ":")) + "\n")
        with open(os.path.join(out_dir, "sensors.json"), "w") as f:
            json.dump([s.config() for s in self.sensors], f, indent=1)
            f.write("\n")
        with open(os.path.join(out_dir, "truth.jsonl"), "w") as f:
            for line in self.truth_lines():
                f.write(line + "\n")
        n_ais = 0
        if ships:
            n_ais = write_nmea(os.path.join(out_dir, "ais.nmea"), ships, seed=self.seed,
                               header=["SYNTHETIC (tools/synth/dronesim.py): " + header])
        return {"detections": len(dets), "ais_lines": n_ais}


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def ship_position(v: Vessel, t: float):
    """Where an aissynth Vessel following straight legs is at time t
    (noise-free), for launching drones from it."""
    lat, lon, now = v.start_lat, v.start_lon, v.start_time
    for leg in v.legs:
        if leg.hold_s > 0:
            if t <= now + leg.hold_s:
                return lat, lon
            now += leg.hold_s
            continue
        dist, brg = distance_bearing(lat, lon, leg.lat, leg.lon)
        dur = dist / (leg.speed_kn * KN)
        if t <= now + dur:
            return destination_point(lat, lon, brg, (t - now) * leg.speed_kn * KN)
        lat, lon, now = leg.lat, leg.lon, now + dur
    return lat, lon


# --- stock scenarios (Copenhagen Airport, Kastrup) -------------------------
EKCH = (55.618, 12.656)          # the bundled asset's point (airport-ekch, buffer 5 km)
RADAR = (55.612, 12.700)         # on the coast east of the runways
RF = (55.640, 12.640)
T0 = datetime(2025, 9, 22, 19, 30, tzinfo=timezone.utc).timestamp()


def _world(seed: int, duration_s: float, radar_dropouts=(), rf_dropouts=()) -> World:
    w = World(T0, duration_s, seed)
    w.add_radar("radar-1", *RADAR, alt_m=20, period_s=1.0, pd=0.9, max_range_m=20000, min_alt_m=25,
                sigma_range_m=8, sigma_bearing_deg=0.3, sigma_elevation_deg=0.5, clutter_per_scan=3,
                dropouts=list(radar_dropouts))
    w.add_rf("rf-1", *RF, alt_m=10, period_s=2.0, pd=0.8, max_range_m=25000, sigma_m=150, sigma_alt_m=20,
             dropouts=list(rf_dropouts))
    return w


def _straight(mmsi, name, lat, lon, course_deg, speed_kn, t_start, t_end, **kw) -> Vessel:
    """A vessel on one straight leg that reports from t_start to about t_end."""
    end = destination_point(lat, lon, course_deg, speed_kn * KN * (t_end - t_start))
    return Vessel(mmsi, name, lat, lon, t_start, [Leg(end[0], end[1], speed_kn)], **kw)


def launch_ship(t0: float, t_end: float) -> Vessel:
    return _straight(613414602, "SILVER DAWN", 55.515, 12.775, 12.0, 6.0, t0, t_end, imo=9330202,
                     callsign="TJMV7", shiptype=80, length_m=228, beam_m=32, destination="PRIMORSK")


def background_ships(t0: float, t_end: float) -> list[Vessel]:
    return [
        # A cargo ship northbound through the Drogden channel, about 3 km west of the tanker.
        _straight(219012345, "NORDIC STAR", 55.520, 12.735, 3.0, 11.0, t0 - 60, t_end, imo=9401234,
                  callsign="OXAB2", shiptype=70, length_m=140, beam_m=22, destination="COPENHAGEN"),
        # A ferry far to the south-east.
        _straight(265012345, "ORESUND LINK", 55.450, 12.900, 35.0, 14.0, t0, t_end, imo=9212345,
                  callsign="SFXY", shiptype=60, length_m=120, beam_m=20, destination="MALMO"),
    ]


def drone_from_ship(out_dir: str, seed: int = 7) -> dict:
    duration = 900.0
    w = _world(seed, duration, radar_dropouts=[(T0 + 560, T0 + 575)], rf_dropouts=[(T0 + 620, T0 + 650)])
    ship = launch_ship(T0 - 120, T0 + duration + 30)
    ships = [ship] + background_ships(T0 - 120, T0 + duration + 30)
    launch = T0 + 180
    # Three drones 8 s apart towards points 400 m either side of the airport: a swarm.
    _, brg = distance_bearing(*ship_position(ship, launch), *EKCH)
    for i, off in enumerate((-400.0, 0.0, 400.0)):
        tlat, tlon = destination_point(*EKCH, brg + 90, off)
        w.add_drone_from_ship("drone-%d" % (i + 1), ship, launch + 8 * i, tlat, tlon, end_t=T0 + duration)
    # Gulls crossing the airport zone; an airliner landing on runway 22L; clutter from the radar.
    w.add_birds("gull", 4, 55.600, 12.610, 30.0, T0 + 60, T0 + 700)
    w.add_airliner("airliner-1", 55.626, 12.664, 221.0, T0 + 300)
    return w.write(out_dir, "three drones launched from tanker SILVER DAWN (MMSI 613414602) towards "
                            "Copenhagen Airport, with gulls, an airliner on approach, radar clutter and "
                            "sensor drop-outs", ships)


# Sensor timing models of drone_from_ship_timed (module doc, "Sensor timing"); each with an
# RF detector that fixes each drone on a 2 s schedule of its own.
TIMINGS = ("rotating_1s", "rotating_4s", "staring_4hz", "rf_2s", "two_radars", "out_of_order")
RADAR_2 = (55.585, 12.640)       # south-west of the airport, on Amager


def drone_from_ship_timed(out_dir: str, timing: str, seed: int = 7, jitter: bool = False) -> dict:
    """drone_from_ship in 560 s (launch at 30 s) with sensors whose
    plots carry their own times: `timing` one of TIMINGS,
      rotating_1s / rotating_4s: a radar whose beam turns once a second / in 4 s,
      staring_4hz: a staring radar reporting each target 4 times a second, each on its own phase,
      rf_2s: the RF detector's per-drone fixes (every 2 s, each drone on its own phase, as in
             every variant) beside a radar that still stamps each 1 s scan with one time,
             so that the RF timing is the one thing that changed,
      two_radars: a second rotating radar whose clock runs 300 ms ahead of the first's,
      out_of_order: the rotating 1 s radar with every line delivered up to 2 s late;
    `jitter`: every plot at a random time within its scan instead (the property the
    tests check: that changes no alert)."""
    if timing not in TIMINGS:
        raise ValueError("timing must be one of " + ", ".join(TIMINGS))
    duration = 560.0
    w = World(T0, duration, seed)
    radar = dict(alt_m=20, pd=0.9, max_range_m=20000, min_alt_m=25, sigma_range_m=8, sigma_bearing_deg=0.3,
                 sigma_elevation_deg=0.5, clutter_per_scan=3, dropouts=[(T0 + 360, T0 + 375)], jitter_in_scan=jitter)
    if timing == "rf_2s":
        w.add_radar("radar-1", *RADAR, period_s=1.0, **radar)
    elif timing in ("rotating_1s", "two_radars", "out_of_order"):
        w.add_radar("radar-1", *RADAR, period_s=1.0, timing="rotating", start_azimuth_deg=0.0, **radar)
    elif timing == "rotating_4s":
        w.add_radar("radar-1", *RADAR, period_s=4.0, timing="rotating", start_azimuth_deg=0.0, **radar)
    elif timing == "staring_4hz":
        radar["clutter_per_scan"] = 0.75  # 3 a second, as the others
        w.add_radar("radar-1", *RADAR, period_s=0.25, timing="staring", **radar)
    if timing == "two_radars":
        radar["dropouts"] = []
        w.add_radar("radar-2", *RADAR_2, period_s=1.0, timing="rotating", start_azimuth_deg=180.0,
                    clock_offset_s=0.3, **radar)
    w.add_rf("rf-1", *RF, alt_m=10, period_s=2.0, pd=0.8, max_range_m=25000, sigma_m=150, sigma_alt_m=20,
             timing="staring", dropouts=[(T0 + 400, T0 + 430)], jitter_in_scan=jitter)
    if timing == "out_of_order":
        w.delivery_lag_s = 2.0
    ship = launch_ship(T0 - 120, T0 + duration + 30)
    ships = [ship] + background_ships(T0 - 120, T0 + duration + 30)
    launch = T0 + 30
    _, brg = distance_bearing(*ship_position(ship, launch), *EKCH)
    for i, off in enumerate((-400.0, 0.0, 400.0)):
        tlat, tlon = destination_point(*EKCH, brg + 90, off)
        w.add_drone_from_ship("drone-%d" % (i + 1), ship, launch + 8 * i, tlat, tlon, end_t=T0 + duration)
    w.add_birds("gull", 4, 55.600, 12.610, 30.0, T0 + 20, T0 + 520)
    w.add_airliner("airliner-1", 55.626, 12.664, 221.0, T0 + 180)
    return w.write(out_dir, "three drones launched from tanker SILVER DAWN (MMSI 613414602) towards Copenhagen "
                            "Airport, sensor timing '%s'%s" % (timing, ", jittered within each scan" if jitter else ""),
                   ships)


def birds_only(out_dir: str, seed: int = 11) -> dict:
    duration = 700.0
    w = _world(seed, duration, radar_dropouts=[(T0 + 300, T0 + 320)])
    w.add_birds("gull", 5, 55.595, 12.600, 35.0, T0, T0 + duration)
    w.add_birds("tern", 3, 55.640, 12.720, 200.0, T0 + 100, T0 + duration, speed_mps=12.0)
    return w.write(out_dir, "two flocks of birds crossing the Copenhagen Airport zone, radar clutter", None)


def airliner_approach(out_dir: str, seed: int = 13) -> dict:
    duration = 600.0
    w = _world(seed, duration)
    w.add_airliner("airliner-1", 55.626, 12.664, 221.0, T0 + 20)
    w.add_airliner("airliner-2", 55.626, 12.664, 221.0, T0 + 200, speed_mps=75.0)
    return w.write(out_dir, "two airliners on approach to runway 22L at Copenhagen Airport, radar clutter", None)


SCENARIOS = {"drone_from_ship": drone_from_ship, "drone_from_ship_timed": drone_from_ship_timed,
             "birds_only": birds_only, "airliner_approach": airliner_approach}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--timing", choices=TIMINGS, help="drone_from_ship_timed: the sensor timing model")
    ap.add_argument("--jitter", action="store_true", help="drone_from_ship_timed: each plot at a random time in its scan")
    a = ap.parse_args()
    kw = {} if a.seed is None else {"seed": a.seed}
    if a.scenario == "drone_from_ship_timed":
        if a.timing is None:
            ap.error("drone_from_ship_timed needs --timing")
        kw.update(timing=a.timing, jitter=a.jitter)
    elif a.timing is not None or a.jitter:
        ap.error("--timing and --jitter are for drone_from_ship_timed")
    print(SCENARIOS[a.scenario](a.out_dir, **kw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
