// The air picture on the client, as pure functions of GET /api/air/tracks: the map's
// GeoJSON (track symbols, trails, Remote ID operator positions with a line to
// their drone), the identity label of a track, and when a track counts as stale.
// No DOM here, so node --test covers it (web/test/air.test.js).

export const AIR_CLASSES = ['drone', 'aircraft', 'bird', 'unknown'];

export const AIR_COLOURS = { drone: '#ff5cc8', aircraft: '#7cc4ff', bird: '#9aa7b4', unknown: '#e6e6e6' };

/** A track is stale when it is coasting, or when nothing has detected it for this long (node clock). */
export const STALE_MS = 10000;

export function airClass(t) {
  return AIR_CLASSES.includes(t?.class) ? t.class : 'unknown';
}

export function isStale(t, now) {
  if (t?.status === 'coasting') return true;
  const last = Date.parse(t?.last_detected);
  return Number.isFinite(last) && now != null && now - last > STALE_MS;
}

/**
 * The short name a track is labelled with on the map: for ADS-B the callsign, else the
 * ICAO address; for Remote ID the serial number, else the transmitter id; null when no
 * cooperative source has identified the track.
 */
export function airLabel(t) {
  const id = t?.identity;
  if (!id || !id.source) return null;
  if (id.source === 'adsb') return id.callsign || id.id || null;
  if (id.source === 'remote_id') return id.serial || id.id || null;
  return id.id || null;
}

/** The Remote ID operator's position as [lon, lat], or null. */
export function operatorPosition(t) {
  const op = t?.identity?.operator;
  return op && typeof op.lat === 'number' && typeof op.lon === 'number' ? [op.lon, op.lat] : null;
}

const fc = (features) => ({ type: 'FeatureCollection', features });

/**
 * The three GeoJSON collections the map's air layers draw:
 *   points    - one Point per track (class, status, stale, label, emergency)
 *   trails    - one LineString per track with at least two trail points
 *   operators - per Remote ID drone with an operator position: the Point and a line to the drone
 */
export function airFeatures(tracks, now) {
  const points = [];
  const trails = [];
  const operators = [];
  for (const t of tracks || []) {
    if (typeof t?.lat !== 'number' || typeof t?.lon !== 'number') continue;
    const cls = airClass(t);
    const stale = isStale(t, now);
    const props = { track: t.track, class: cls, status: t.status || '', stale, alt_m: t.alt_m,
      label: airLabel(t) || '', emergency: !!t.identity?.emergency };
    points.push({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [t.lon, t.lat] } });
    const trail = (Array.isArray(t.trail) ? t.trail : []).filter((p) => Array.isArray(p) && p.length >= 2)
      .map((p) => [p[0], p[1]]);
    if (trail.length >= 2) {
      trails.push({ type: 'Feature', properties: { track: t.track, class: cls, stale }, geometry: { type: 'LineString', coordinates: trail } });
    }
    const op = operatorPosition(t);
    if (op) {
      operators.push({ type: 'Feature', properties: { track: t.track, role: 'operator' }, geometry: { type: 'Point', coordinates: op } });
      operators.push({ type: 'Feature', properties: { track: t.track, role: 'link' }, geometry: { type: 'LineString', coordinates: [op, [t.lon, t.lat]] } });
    }
  }
  return { points: fc(points), trails: fc(trails), operators: fc(operators) };
}

/** Class probabilities, highest first, as [class, probability] pairs. */
export function classProbabilities(t) {
  const p = t?.class_probabilities && typeof t.class_probabilities === 'object' ? t.class_probabilities : {};
  return Object.entries(p).filter(([, v]) => typeof v === 'number').sort((a, b) => b[1] - a[1]);
}

/** Which source identified the track, in words. */
export function identitySource(source) {
  return { adsb: 'ADS-B', remote_id: 'Remote ID' }[source] || source || '';
}
