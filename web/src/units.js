// Friendly units on the map (GET /api/units): own patrol vessels, aircraft and shore
// teams, drawn as the friendly frame of APP-6 (a blue rectangle) so that they never
// read as one more vessel of the picture. The pure parts (features, the icon's pixels,
// ages in words) are tested by node --test (web/test/units.test.js); installUnits()
// adds the source and layer to a map and polls.
import { api } from './api.js';

export const FRIENDLY_BLUE = [128, 224, 255];
const KIND_LETTER = { vessel: 'V', aircraft: 'A', helicopter: 'H', shore_team: 'S', drone: 'D', other: 'O' };

/** One Point feature per unit with a position; properties for the popup and the layer. */
export function unitFeatures(units, nowMs) {
  const features = [];
  for (const u of Array.isArray(units) ? units : []) {
    const p = u?.position;
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') continue;
    const t = Date.parse(u.time);
    features.push({
      type: 'Feature',
      properties: { id: String(u.id ?? ''), name: u.name || u.id || '', kind: u.kind || 'other',
        letter: KIND_LETTER[u.kind] || 'O', source: u.source || '',
        age_s: Number.isFinite(t) && nowMs != null ? Math.max(0, Math.round((nowMs - t) / 1000)) : null },
      geometry: { type: 'Point', coordinates: [p[0], p[1]] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The friendly frame as RGBA pixels: a rectangle outline `w` x `h`, `line` pixels
 * wide, in friendly blue, transparent inside (what map.addImage takes).
 */
export function friendlyIcon(w = 22, h = 15, line = 3) {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const edge = x < line || y < line || x >= w - line || y >= h - line;
      const i = (y * w + x) * 4;
      if (edge) [data[i], data[i + 1], data[i + 2], data[i + 3]] = [...FRIENDLY_BLUE, 255];
    }
  }
  return { width: w, height: h, data };
}

/** "12 s", "4 min", "2 h 5 min": how old a position is. */
export function ageText(s) {
  if (typeof s !== 'number' || !Number.isFinite(s)) return 'age unknown';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  const h = Math.floor(s / 3600);
  return `${h} h ${Math.round((s - h * 3600) / 60)} min`;
}

/**
 * Adds the 'units' source and layer to `map` and keeps them fresh from GET /api/units
 * every `everyMs`. A node without the route (404) or a caller refused (401/403) stops
 * the polling. Returns a function that stops it.
 */
export function installUnits(map, { everyMs = 5000, now = () => Date.now(), onError = () => {} } = {}) {
  let timer = null;
  let stopped = false;
  const ready = () => {
    if (!map.hasImage('unit-friendly')) map.addImage('unit-friendly', friendlyIcon(), { pixelRatio: 1 });
    if (!map.getSource('units')) map.addSource('units', { type: 'geojson', data: unitFeatures([], now()) });
    if (!map.getLayer('units')) {
      map.addLayer({ id: 'units', type: 'symbol', source: 'units',
        layout: { 'icon-image': 'unit-friendly', 'icon-allow-overlap': true, 'icon-ignore-placement': true } });
    }
  };
  const poll = async () => {
    if (stopped) return;
    try {
      const r = await api('/api/units');
      ready();
      map.getSource('units')?.setData(unitFeatures(r?.units, r?.time ? Date.parse(r.time) : now()));
      timer = setTimeout(poll, everyMs);
    } catch (e) {
      if (e.status === 404 || e.status === 401 || e.status === 403) return;
      onError(e);
      timer = setTimeout(poll, everyMs * 2);
    }
  };
  if (map.isStyleLoaded()) poll(); else map.once('load', poll);
  return () => { stopped = true; clearTimeout(timer); };
}
