"""aissynth: scripted synthetic AIS for scenario tests.

A scenario script describes vessels as legs (a waypoint, a speed, optional
yaw/zig-zag, optional silence) and this module turns them into real NMEA
sentences: type 1 (class A) or 18 (class B) position reports every
`interval_s`, type 5 / 24 static data every 6 minutes, each line with an NMEA
4.0 tag block carrying the event time (c:, Unix seconds) and a station (s:).
Geodesy is a spherical approximation, which is plenty for synthetic tracks.
Output is deterministic for a given script and seed.

Python 3 standard library only.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

EARTH_R = 6371008.8
KN = 1852.0 / 3600.0  # m/s per knot


def _armour(bits: str) -> tuple[str, int]:
    fill = (6 - len(bits) % 6) % 6
    bits += "0" * fill
    out = []
    for i in range(0, len(bits), 6):
        v = int(bits[i:i + 6], 2)
        out.append(chr(v + 48 if v < 40 else v + 56))
    return "".join(out), fill


def _u(v: int, n: int) -> str:
    return format(v & ((1 << n) - 1), "0%db" % n)


def _s(v: int, n: int) -> str:
    return _u(v + (1 << n) if v < 0 else v, n)


def _text(s: str, n_chars: int) -> str:
    alphabet = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?"
    s = s.upper()[:n_chars].ljust(n_chars, "@")
    return "".join(_u(alphabet.index(c) if c in alphabet else 0, 6) for c in s)


def _checksum(body: str) -> str:
    c = 0
    for ch in body:
        c ^= ord(ch)
    return "%02X" % c


def _sentences(payload: str, fill: int, t: float, station: str, seq: int, channel: str = "A") -> list[str]:
    parts = [payload[i:i + 60] for i in range(0, len(payload), 60)] or [""]
    lines = []
    for i, part in enumerate(parts):
        body = "AIVDM,%d,%d,%s,%s,%s,%d" % (len(parts), i + 1, str(seq % 10) if len(parts) > 1 else "",
                                           channel, part, fill if i == len(parts) - 1 else 0)
        tag = "s:%s,c:%d" % (station, int(t))
        if len(parts) > 1:
            tag = "g:%d-%d-%d,%s" % (i + 1, len(parts), seq, tag)
        lines.append("\\%s*%s\\!%s*%s" % (tag, _checksum(tag), body, _checksum(body)))
    return lines


def type1(mmsi, lat, lon, sog_kn, cog_deg, heading, status=0, second=None, turn=-128) -> tuple[str, int]:
    bits = (_u(1, 6) + _u(0, 2) + _u(mmsi, 30) + _u(status, 4) + _s(turn, 8)
            + _u(min(1022, int(round(sog_kn * 10))), 10) + _u(1, 1)
            + _s(int(round(lon * 600000)), 28) + _s(int(round(lat * 600000)), 27)
            + _u(int(round(cog_deg * 10)) % 3600, 12) + _u(heading if heading is not None else 511, 9)
            + _u(60 if second is None else second, 6) + _u(0, 2) + _u(0, 3) + _u(0, 1) + _u(0, 19))
    return _armour(bits)


def type18(mmsi, lat, lon, sog_kn, cog_deg, heading, second=None) -> tuple[str, int]:
    bits = (_u(18, 6) + _u(0, 2) + _u(mmsi, 30) + _u(0, 8)
            + _u(min(1022, int(round(sog_kn * 10))), 10) + _u(1, 1)
            + _s(int(round(lon * 600000)), 28) + _s(int(round(lat * 600000)), 27)
            + _u(int(round(cog_deg * 10)) % 3600, 12) + _u(heading if heading is not None else 511, 9)
            + _u(60 if second is None else second, 6) + _u(0, 2) + "1" + "0" + "1" + "1" + "1" + "0" + "0"
            + _u(0, 20))
    return _armour(bits)


def type5(mmsi, imo, callsign, name, shiptype, length_m, beam_m, draught_m, destination) -> tuple[str, int]:
    bow = length_m * 2 // 3
    port = beam_m // 2
    bits = (_u(5, 6) + _u(0, 2) + _u(mmsi, 30) + _u(0, 2) + _u(imo, 30) + _text(callsign, 7)
            + _text(name, 20) + _u(shiptype, 8) + _u(bow, 9) + _u(length_m - bow, 9) + _u(port, 6)
            + _u(beam_m - port, 6) + _u(1, 4) + _u(0, 4) + _u(0, 5) + _u(24, 5) + _u(60, 6)
            + _u(int(round(draught_m * 10)), 8) + _text(destination, 20) + _u(0, 1) + _u(0, 1))
    return _armour(bits)


def type24a(mmsi, name) -> tuple[str, int]:
    return _armour(_u(24, 6) + _u(0, 2) + _u(mmsi, 30) + _u(0, 2) + _text(name, 20))


def destination_point(lat, lon, bearing_deg, dist_m):
    d = dist_m / EARTH_R
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def distance_bearing(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    dist = 2 * EARTH_R * math.asin(min(1, math.sqrt(a)))
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return dist, (math.degrees(math.atan2(y, x)) + 360) % 360


@dataclass
class Leg:
    """Sail towards (lat, lon) at speed_kn. yaw_deg adds a zig-zag of that
    amplitude (degrees of heading) with period yaw_period_s; silent=True sends
    nothing during the leg (AIS off); hold_s > 0 means stay at the current
    position for that long (speed ~0) instead of moving; status is the
    navigational status to report."""
    lat: float = 0.0
    lon: float = 0.0
    speed_kn: float = 10.0
    yaw_deg: float = 0.0
    yaw_period_s: float = 300.0
    silent: bool = False
    hold_s: float = 0.0
    status: int = 0
    drift_deg: float = 0.0


@dataclass
class Vessel:
    mmsi: int
    name: str
    start_lat: float
    start_lon: float
    start_time: float            # Unix seconds
    legs: list[Leg] = field(default_factory=list)
    imo: int = 0
    callsign: str = ""
    shiptype: int = 70
    length_m: int = 150
    beam_m: int = 24
    draught_m: float = 8.0
    destination: str = ""
    class_b: bool = False
    interval_s: float = 10.0     # position report interval
    station: str = "synthetic"
    speed_noise_kn: float = 0.1
    course_noise_deg: float = 1.0
    # Seconds between static reports (type 5 / 24); ITU-R M.1371 says 6 min.
    # Longer values keep long synthetic scenarios small.
    static_interval_s: float = 360.0
    # GNSS noise: each reported position is moved by a Gaussian error of this
    # many metres (0 = exact; the default keeps older scripts' output).
    position_noise_m: float = 0.0
    # One-off bad reports: (time, lat, lon) sent once each, as a receiver
    # glitch or a single spoofed fix would be; the track itself goes on.
    glitches: list[tuple[float, float, float]] = field(default_factory=list)

    def sentences(self, rng: random.Random) -> list[tuple[float, str]]:
        """(time, line) pairs for the whole script."""
        out: list[tuple[float, str]] = []
        lat, lon, t = self.start_lat, self.start_lon, self.start_time
        seq = self.mmsi % 7
        next_static = t
        for leg in self.legs:
            if leg.hold_s > 0:
                end = t + leg.hold_s
                while t < end:
                    if not leg.silent:
                        jlat, jlon = destination_point(lat, lon, rng.uniform(0, 360), rng.uniform(0, 15))
                        out += self._report(t, jlat, jlon, abs(rng.gauss(0.2, 0.1)), rng.uniform(0, 360), leg.status, rng)
                        if t >= next_static:
                            out += self._static(t, seq)
                            seq += 1
                            next_static = t + self.static_interval_s
                    t += self.interval_s * (3 if leg.status in (1, 5) else 1)
                continue
            while True:
                dist, brg = distance_bearing(lat, lon, leg.lat, leg.lon)
                step = leg.speed_kn * KN * self.interval_s
                if dist <= max(step, 1.0):
                    lat, lon = leg.lat, leg.lon
                    break
                heading = brg
                if leg.yaw_deg > 0:
                    heading = brg + leg.yaw_deg * math.sin(2 * math.pi * (t - self.start_time) / leg.yaw_period_s)
                lat, lon = destination_point(lat, lon, heading, step)
                t += self.interval_s
                if not leg.silent:
                    sog = max(0.0, leg.speed_kn + rng.gauss(0, self.speed_noise_kn))
                    cog = (heading + rng.gauss(0, self.course_noise_deg)) % 360
                    out += self._report(t, lat, lon, sog, cog, leg.status, rng, leg.drift_deg)
                    if t >= next_static:
                        out += self._static(t, seq)
                        seq += 1
                        next_static = t + self.static_interval_s
        for gt, glat, glon in self.glitches:
            out += self._report(gt, glat, glon, self.legs[0].speed_kn if self.legs else 0.0, 0.0, 0, rng)
        return out

    def _report(self, t, lat, lon, sog, cog, status, rng, drift_deg=0.0):
        sec = int(t) % 60
        heading = int(cog + drift_deg) % 360
        if self.position_noise_m > 0:
            lat, lon = destination_point(lat, lon, rng.uniform(0, 360), abs(rng.gauss(0, self.position_noise_m)))
        if self.class_b:
            payload, fill = type18(self.mmsi, lat, lon, sog, cog, heading, sec)
        else:
            payload, fill = type1(self.mmsi, lat, lon, sog, cog, heading, status, sec, 0)
        return [(t, line) for line in _sentences(payload, fill, t, self.station, 0, rng.choice("AB"))]

    def _static(self, t, seq):
        if self.class_b:
            payload, fill = type24a(self.mmsi, self.name)
        else:
            payload, fill = type5(self.mmsi, self.imo, self.callsign, self.name, self.shiptype,
                                  self.length_m, self.beam_m, self.draught_m, self.destination)
        return [(t, line) for line in _sentences(payload, fill, t, self.station, seq)]


def write_nmea(path: str, vessels: list[Vessel], seed: int = 1, header: list[str] | None = None,
               outages: list[tuple[float, float]] | None = None) -> int:
    """Writes all vessels' sentences merged in time order. Returns the line count.
    `outages` are [start, end) time windows in which nothing at all is
    written: the receiver (the whole feed) is down, not the vessels."""
    rng = random.Random(seed)
    lines: list[tuple[float, int, str]] = []
    for idx, v in enumerate(vessels):
        for n, (t, line) in enumerate(v.sentences(rng)):
            if any(a <= t < b for a, b in outages or []):
                continue
            lines.append((t, idx * 10_000_000 + n, line))
    lines.sort()
    with open(path, "w") as f:
        for h in header or []:
            f.write("# %s\n" % h)
        for _, _, line in lines:
            f.write(line + "\n")
    return len(lines)
