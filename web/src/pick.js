// Picking what was clicked: of everything under the cursor's box, the nearest
// to the cursor (in screen pixels), ties to the higher risk. The map's own query
// answers in no useful order (first hit in the box), which opened a vessel 7.7 px
// away from the one clicked exactly. Pure; the map projects the geometry.

export const TIE_PX = 1; // closer than this to each other: the same distance

/** Distance in px from point p to the segment a-b (all [x, y]). */
export function segmentDistance(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let k = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  k = Math.max(0, Math.min(1, k));
  return Math.hypot(p[0] - (a[0] + k * dx), p[1] - (a[1] + k * dy));
}

/**
 * Distance in px from p to a projected geometry: a list of parts, each a list of
 * [x, y] (one point: a point; several: a line or a ring).
 */
export function geometryDistance(p, parts) {
  let best = Infinity;
  for (const part of parts) {
    if (part.length === 1) best = Math.min(best, Math.hypot(p[0] - part[0][0], p[1] - part[0][1]));
    for (let i = 1; i < part.length; i++) best = Math.min(best, segmentDistance(p, part[i - 1], part[i]));
  }
  return best;
}

/** The parts of a GeoJSON geometry as lists of [lon, lat] (polygons: their rings). */
export function geometryParts(g) {
  if (!g) return [];
  switch (g.type) {
    case 'Point': return [[g.coordinates]];
    case 'MultiPoint': return g.coordinates.map((c) => [c]);
    case 'LineString': return [g.coordinates];
    case 'MultiLineString': return g.coordinates;
    case 'Polygon': return g.coordinates;
    case 'MultiPolygon': return g.coordinates.flat();
    default: return [];
  }
}

/**
 * Of candidates [{d, risk, ...}], the nearest (smallest d); among those within
 * TIE_PX of it, the highest risk; then the first. Null when there are none.
 */
export function nearest(candidates) {
  let best = null;
  for (const c of candidates) {
    if (!Number.isFinite(c.d)) continue;
    if (best == null || c.d < best.d - TIE_PX || (Math.abs(c.d - best.d) <= TIE_PX && (c.risk || 0) > (best.risk || 0))) best = c;
  }
  return best;
}

/**
 * The feature nearest the screen point p among `features` (GeoJSON, as the map
 * renders them), with `project([lon, lat]) -> [x, y]`; ties to the higher
 * `risk` property. Features repeated across tiles are the same feature.
 */
export function pickNearest(features, p, project) {
  return nearest(features.map((f) => ({
    feature: f,
    risk: Number(f.properties?.risk) || 0,
    d: geometryDistance(p, geometryParts(f.geometry).map((part) => part.map(project))),
  })))?.feature ?? null;
}
