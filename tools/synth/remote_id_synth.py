#!/usr/bin/env python3
"""SYNTHETIC Remote ID broadcasts of scenario drones, from their ground truth.

Reads a dronesim truth file (JSON Lines: time, truth, kind, lat, lon, alt_m) and
writes what a Remote ID receiver would log for the drones named on the command line:
one ASTM F3411 Message Pack a second (Basic ID with the serial number, Location/Vector,
System with the operator's position, Operator ID), in the hex line format that
`lookout replay` and a `format = "remote_id"` UDP input read
(src/decode/remote_id/line_decoder.h):

    TIME TRANSMITTER PAYLOAD RECEIVER

The drones not named broadcast nothing (a drone without Remote ID). The operator
stands where the drone took off (its first truth point), as a pilot on a ship's deck
does; the System message reports that take-off position. Field encodings follow the
published layout the decoder reads (src/decode/remote_id/decoder.cc): positions in
1e-7 degrees, altitudes (m + 1000) / 0.5, speed in 0.25 m/s, direction in degrees
(east/west flag), the Location's time in tenths of a second after the hour.

    remote_id_synth.py TRUTH OUT DRONE:SERIAL:OPERATOR_ID:MAC [...]

Deterministic: no randomness.
"""
import datetime as dt
import json
import math
import struct
import sys

EPOCH_2019 = 1546300800


def parse_time(s: str) -> float:
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc).timestamp()


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(round(t, 3), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def alt_raw(m: float) -> int:
    return max(1, min(0xFFFF, round((m + 1000.0) / 0.5)))


def text(s: str, n: int) -> bytes:
    b = s.encode("ascii")[:n]
    return b + bytes(n - len(b))


def basic_id(serial: str) -> bytes:
    # id type 1 (serial number, ANSI/CTA-2063-A), UA type 2 (helicopter or multirotor)
    return bytes([0x02, (1 << 4) | 2]) + text(serial, 20) + bytes(3)


def location(t, lat, lon, alt_m, height_m, speed, course, vs) -> bytes:
    flags = 2 << 4  # status: airborne
    flags |= 0x04  # height is above take-off
    direction = int(round(course)) % 360
    if direction >= 180:
        flags |= 0x02
        direction -= 180
    if speed > 63.75:
        flags |= 0x01
        speed_raw = min(254, round((speed - 63.75) / 0.75))
    else:
        speed_raw = round(speed / 0.25)
    vs_raw = max(-124, min(124, round(vs / 0.5)))
    tenths = round((t % 3600) * 10) % 36000
    return (bytes([0x12, flags, direction, speed_raw, vs_raw & 0xFF])
            + struct.pack("<iiHHH", round(lat * 1e7), round(lon * 1e7), alt_raw(alt_m), alt_raw(alt_m),
                          alt_raw(height_m))
            + bytes([(4 << 4) | 10, (3 << 4) | 3])  # vertical 3 m, horizontal < 3 m; baro 3 m, speed < 0.3 m/s
            + struct.pack("<H", tenths) + bytes([0x01, 0]))  # time stamp accurate to 0.1 s


def system(t, op_lat, op_lon, op_alt_m) -> bytes:
    # operator location type 0 (take-off), classification type 1 (EU); one aircraft in the area
    return (bytes([0x42, (1 << 2) | 0]) + struct.pack("<iiHBHH", round(op_lat * 1e7), round(op_lon * 1e7), 1, 0,
                                                          alt_raw(150.0), alt_raw(0.0))
            + bytes([(1 << 4) | 2]) + struct.pack("<HI", alt_raw(op_alt_m), int(t) - EPOCH_2019) + bytes(1))


def operator_id(op: str) -> bytes:
    return bytes([0x52, 0]) + text(op, 20) + bytes(3)


def pack(messages: list[bytes]) -> bytes:
    for m in messages:
        assert len(m) == 25, len(m)
    return bytes([0xF2, 25, len(messages)]) + b"".join(messages)


def broadcasts(points, serial, op_id, mac, receiver="rid-mast-1"):
    """One pack a second from the first truth point to the last, interpolated."""
    t0, t_end = points[0][0], points[-1][0]
    op_lat, op_lon, op_alt = points[0][1], points[0][2], points[0][3]
    out = []
    i = 0
    t = math.ceil(t0)
    while t <= t_end:
        while i + 1 < len(points) - 1 and points[i + 1][0] <= t:
            i += 1
        (ta, la, lo, aa), (tb, lb, lob, ab) = points[i], points[i + 1]
        f = 0.0 if tb == ta else (t - ta) / (tb - ta)
        lat, lon, alt = la + f * (lb - la), lo + f * (lob - lo), aa + f * (ab - aa)
        dn = (lb - la) * 111320.0
        de = (lob - lo) * 111320.0 * math.cos(math.radians(la))
        span = max(tb - ta, 1e-6)
        speed = math.hypot(dn, de) / span
        course = math.degrees(math.atan2(de, dn)) % 360.0
        vs = (ab - aa) / span
        payload = pack([basic_id(serial), location(t, lat, lon, alt, alt - op_alt, speed, course, vs),
                        system(t, op_lat, op_lon, op_alt), operator_id(op_id)])
        out.append((t, "%s %s %s %s" % (iso(t), mac, payload.hex(), receiver)))
        t += 1
    return out


def main(argv) -> int:
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    truth, out_path = argv[1], argv[2]
    tracks = {}
    with open(truth) as f:
        for line in f:
            r = json.loads(line)
            tracks.setdefault(r["truth"], []).append((parse_time(r["time"]), r["lat"], r["lon"], r["alt_m"]))
    lines = []
    for spec in argv[3:]:
        name, serial, op_id, mac = spec.split(":", 3)
        pts = sorted(tracks[name])
        lines += broadcasts(pts, serial, op_id, mac)
    lines.sort(key=lambda x: x[0])
    with open(out_path, "w") as f:
        f.write("# SYNTHETIC Remote ID (tools/synth/remote_id_synth.py) of %s from %s\n" %
                (", ".join(s.split(":")[0] for s in argv[3:]), truth.split("/")[-1]))
        for _, line in lines:
            f.write(line + "\n")
    print("%s: %d broadcasts" % (out_path, len(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
