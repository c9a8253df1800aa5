// How fresh a vessel's last report is, in the node's time (never the browser's):
// a vessel silent for a few of its reporting intervals is drawn aged at its last
// known position, and leaves the map after a longer silence (the node's own
// retention still decides what exists). Pure functions, tested in web/test.
//
// The nominal intervals are ITU-R M.1371-5's (Annex 1, Tables 1 and 2):
//   Class A   at anchor or moored, not faster than 3 kn   3 min
//             0-14 kn 10 s, 14-23 kn 6 s, over 23 kn 2 s (faster while turning)
//   Class B   at most 2 kn 3 min, faster 30 s (the "CS" rate; an "SO" unit
//             may report faster, but nothing here tells them apart)
//   SAR aircraft 10 s
// A feed may deliver less often than the transponder sends (a receiver's coverage,
// an aggregator that thins, the node's own batches to the browser every half second
// of wall time, i.e. 45 s of node time in the demo at 90x): the interval used is the
// longest of the nominal one, the gap this browser has seen between the vessel's
// reports, and the batch period.

export const MISSED_REPORTS = 3; // aged after this many intervals without a report
export const AGED_FLOOR_MS = 60e3; // and never before a minute
export const GONE_REPORTS = 30; // off the map after this many
export const GONE_FLOOR_MS = 2 * 3600e3; // and never before two hours (a C2 picture's usual track drop)
export const BATCH_WALL_MS = 500; // the node's live batch period (wall time)
const LEARN_MAX_MS = 10 * 60e3; // a longer gap is a silence, not the feed's cadence

/** The nominal reporting interval (ms) of a vessel's last report, per ITU-R M.1371. */
export function nominalInterval(v) {
  const sog = typeof v.sog === 'number' ? v.sog : 0;
  switch (v.class) {
    case 'A':
      // nav_status 1 at anchor, 5 moored.
      if ((v.nav_status === 1 || v.nav_status === 5) && sog <= 3) return 180e3;
      if (sog > 23) return 2e3;
      if (sog > 14) return 6e3;
      return 10e3;
    case 'B':
      return sog <= 2 ? 180e3 : 30e3;
    case 'SAR':
      return 10e3;
    default:
      // Unknown class: the slower (Class B) rates, so that nothing ages too soon.
      return sog <= 2 ? 180e3 : 30e3;
  }
}

/** The interval the picture can expect between this vessel's reports, in node ms. */
export function expectedInterval(v, clockSpeed = 1) {
  const batch = BATCH_WALL_MS * (clockSpeed > 0 ? clockSpeed : 1);
  return Math.max(nominalInterval(v), v._gap || 0, batch);
}

/** When (node ms) the vessel is drawn aged, and when it leaves the map. */
export function ageLimits(v, clockSpeed = 1) {
  const every = expectedInterval(v, clockSpeed);
  return {
    every,
    agedAfter: Math.max(MISSED_REPORTS * every, AGED_FLOOR_MS),
    goneAfter: Math.max(GONE_REPORTS * every, GONE_FLOOR_MS),
  };
}

/**
 * 'live', 'aged' or 'gone' for a vessel whose last report was at `t` (ms), at
 * node time `now`. A report from the future (the node restarted with an earlier
 * clock) is live.
 */
export function ageState(v, t, now, clockSpeed = 1) {
  if (t == null || now == null) return 'live';
  const silent = now - t;
  const { agedAfter, goneAfter } = ageLimits(v, clockSpeed);
  if (silent >= goneAfter) return 'gone';
  if (silent >= agedAfter) return 'aged';
  return 'live';
}

/** The gap to remember after seeing a new one: a moving average of the feed's cadence. */
export function learnGap(prev, gap) {
  if (!(gap > 0) || gap > LEARN_MAX_MS) return prev || 0;
  return prev ? 0.7 * prev + 0.3 * gap : gap;
}

// ------------------------------------------------------------------ records
/** Of two records of one vessel, the later report's, the other filling its gaps. */
export function mergeNewest(node, live) {
  const tn = Date.parse(node?.time);
  const tl = Date.parse(live?.time);
  const liveNewer = Number.isFinite(tl) && !(tn >= tl);
  const strip = (r) => Object.fromEntries(Object.entries(r || {}).filter(([k]) => !k.startsWith('_')));
  return liveNewer ? { ...strip(node), ...strip(live) } : { ...strip(live), ...strip(node) };
}

// ------------------------------------------------------------------ tracks

/** The fastest a vessel of this class plausibly moves (kn), with room for GNSS noise. */
export function maxSpeedKn(cls) {
  if (cls === 'SAR') return 350; // an aircraft
  return 60; // the fastest craft (high-speed ferries, patrol boats) run ~40-50 kn
}

const R = 6371008.8;
const rad = (d) => (d * Math.PI) / 180;
/** Great-circle distance in metres between [lon, lat] points. */
export function distanceM(a, b) {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

const JUMP_MIN_M = 1000; // shorter steps are noise, however short the time

/**
 * Splits a track ([lon, lat] points with times in ms) where the speed implied by
 * two consecutive reports is impossible for the vessel's class: a spoofed or
 * mistaken position, or two transmitters sharing one MMSI. Returns the runs of
 * point indices [start, end) to draw as separate lines; no line crosses the sea.
 */
export function trackRuns(coords, times, maxKn) {
  const runs = [];
  let start = 0;
  for (let i = 1; i < coords.length; i++) {
    const d = distanceM(coords[i - 1], coords[i]);
    if (d < JUMP_MIN_M) continue;
    const dt = (times[i] - times[i - 1]) / 1000;
    const kn = dt > 0 ? d / dt / 0.514444 : Infinity;
    if (kn > maxKn) {
      runs.push([start, i]);
      start = i;
    }
  }
  if (coords.length) runs.push([start, coords.length]);
  return runs;
}
