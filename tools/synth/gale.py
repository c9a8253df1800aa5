"""A gale over the Estlink 2 crossing: the shared script of the issue 21
scenarios (tests/scenarios/gale_*), on the cable geometry of
data/assets/baltic_north_sea.geojson. SYNTHETIC.

What a winter gale does to the merchant traffic of the Gulf of Finland (the
issue's trial): every ship under way crossing the cable falls from its
passage speed (11-15 kn) to about 54 % of it (13 -> 7 kn) within a quarter
of an hour as the front passes, yaws 8-12 degrees in the seas and crabs a
few degrees off its course over ground in the wind, keeps going for two
hours, then picks up speed again. Work boats in the same water (a trawler
at its trawl, a tug with a tow, a pilot boat on station, a SAR vessel
sweeping a search pattern over the cable) go on at their own slow speeds.

gale_fleet() returns the Vessels; the caller may add a ship of its own.
"""
import math
import random

from aissynth import Leg, Vessel, distance_bearing
import cablegeo

KN = 1852.0 / 3600.0

GALE_START = 1736121600.0 + 10 * 3600   # 2025-01-06 10:00 UTC: the front reaches 25.45 E
GALE_HOURS = 2.0
FRONT_MIN = 15                           # the front takes this long to cross the area, west to east
WEST, EAST = 25.45, 26.75                # the lanes' ends (westbound ships end at WEST_END, clear of cables)
WEST_END = 25.60


def onset(lon: float) -> float:
    """When the front reaches longitude lon."""
    return GALE_START + (lon - WEST) / (EAST - WEST) * FRONT_MIN * 60


def _point_at(a, b, dist_m):
    total, _ = distance_bearing(*a, *b)
    return cablegeo.along(a, b, min(dist_m / total, 1.0))


def merchant(assets, mmsi, name, shiptype, lat, westbound, cruise_kn, before_cable_m, rng,
             gale_ratio=0.54, gale_yaw=10.0, drift=6.0, interval_s=60):
    """A merchant ship on the lane at `lat`, `before_cable_m` short of Estlink 2
    when the front reaches it; at gale_ratio of its cruise through the gale."""
    a, b = ((lat, EAST), (lat + 0.01, WEST_END)) if westbound else ((lat, WEST), (lat - 0.01, EAST))
    cross = [c for c in assets.crossings(a, b) if c[1] == "estlink-2"]
    assert cross, name + " misses Estlink 2"
    total, course = distance_bearing(*a, *b)
    at_gale = cross[0][0] * total - before_cable_m
    p_gale = _point_at(a, b, at_gale)
    t_gale = onset(p_gale[1])
    gale_kn = round(cruise_kn * gale_ratio, 1)
    p_calm = _point_at(a, b, at_gale + gale_kn * KN * (GALE_START + GALE_HOURS * 3600 - t_gale))
    cablegeo.check_quiet_end(assets, b, course, cruise_kn)
    return Vessel(
        mmsi=mmsi, name=name, imo=9300000 + mmsi % 100000, callsign="OH%04d" % (mmsi % 10000),
        shiptype=shiptype, length_m=rng.choice([120, 150, 180, 225]), beam_m=24, draught_m=8.5,
        start_lat=a[0], start_lon=a[1], start_time=t_gale - at_gale / (cruise_kn * KN),
        interval_s=interval_s, static_interval_s=1800,
        legs=[Leg(p_gale[0], p_gale[1], cruise_kn),
              Leg(p_calm[0], p_calm[1], gale_kn, yaw_deg=gale_yaw, yaw_period_s=420,
                  drift_deg=drift if westbound else -drift),
              Leg(b[0], b[1], cruise_kn)],
    )


def gale_fleet(assets, seed=20250106):
    rng = random.Random(seed)
    vessels = []
    types = [70, 70, 79, 80, 84, 70, 71, 80, 60, 74, 70, 82]
    # Twelve ships each way, 11-15 kn, spread across the lanes.
    for i in range(12):
        lat = 59.88 + 0.01 * i
        vessels.append(merchant(assets, 230200001 + i, "WEST %02d" % i, types[i], lat, True,
                                rng.choice([11.0, 12.0, 13.0, 14.0, 15.0]), rng.uniform(8000, 18000), rng))
        vessels.append(merchant(assets, 230200101 + i, "EAST %02d" % i, types[(i + 5) % 12], lat + 0.006, False,
                                rng.choice([11.0, 12.0, 13.0, 14.0, 15.0]), rng.uniform(8000, 18000), rng))
    vessels += work_boats(assets)
    return vessels


def work_boats(assets):
    """Slow craft at work over and near the cable through the same gale."""
    t0 = GALE_START - 1800
    boats = []
    # A trawler trawling back and forth across the cable at 3 kn (type 30).
    legs = []
    for k in range(5):
        legs.append(Leg(59.80 + 0.004 * k, 26.24 if k % 2 == 0 else 26.12, 3.2, yaw_deg=15, yaw_period_s=240))
    legs.append(Leg(59.82, 26.70, 9.0))
    cablegeo.check_quiet_end(assets, (59.82, 26.70), 80, 9.0)
    boats.append(Vessel(mmsi=230200301, name="KALA", imo=0, callsign="OH3001", shiptype=30, length_m=28, beam_m=8,
                        start_lat=59.80, start_lon=26.12, start_time=t0, interval_s=60, static_interval_s=1800,
                        legs=legs))
    # A tug towing a barge across the cable at 5 kn (type 31: towing).
    cablegeo.check_quiet_end(assets, (60.08, 26.62), 85, 5.0)
    boats.append(Vessel(mmsi=230200302, name="HINAAJA", imo=9200302, callsign="OH3002", shiptype=31, length_m=32,
                        beam_m=10, start_lat=60.06, start_lon=25.70, start_time=t0, interval_s=60,
                        static_interval_s=1800, legs=[Leg(60.08, 26.62, 5.0, yaw_deg=6, yaw_period_s=120)]))
    # A pilot boat on station by the cable: slow circles for 90 min, then home (type 50).
    legs = []
    for k in range(12):
        ang = math.radians(30 * k)
        legs.append(Leg(59.95 + 0.01 * math.cos(ang), 26.08 + 0.02 * math.sin(ang), 4.0))
    legs.append(Leg(60.10, 26.65, 15.0))
    boats.append(Vessel(mmsi=230200303, name="PILOT 7", imo=0, callsign="OH3003", shiptype=50, length_m=18, beam_m=5,
                        start_lat=59.95, start_lon=26.10, start_time=t0, interval_s=60, static_interval_s=1800,
                        legs=legs))
    # A SAR vessel sweeping parallel tracks 1 km apart over the cable at 8 kn (type 51).
    legs = []
    for k in range(6):
        lat = 59.90 + 0.009 * k
        legs += [Leg(lat, 26.10 if k % 2 == 0 else 25.98, 8.0), Leg(lat + 0.009, 26.10 if k % 2 == 0 else 25.98, 8.0)]
    legs.append(Leg(60.12, 26.70, 14.0))
    cablegeo.check_quiet_end(assets, (60.12, 26.70), 60, 14.0)
    boats.append(Vessel(mmsi=230200304, name="SAR TURVA", imo=9200304, callsign="OH3004", shiptype=51, length_m=40,
                        beam_m=9, start_lat=59.90, start_lon=25.98, start_time=t0, interval_s=60,
                        static_interval_s=1800, legs=legs))
    return boats
