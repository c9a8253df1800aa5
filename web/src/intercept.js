// The intercept block of the alert panel (GET /api/intercept?alert=ID): every friendly
// unit the caller may see, soonest first, with course, distance and time, and on the
// map a line from each unit to its aim point. interceptFeatures() and interceptRows()
// are pure (web/test/intercept.test.js); showIntercept() fetches, renders and draws.
import { api } from './api.js';
import { esc } from './format.js';
import { ageText } from './units.js';

const NM = 1852;

/** "in 14 min (12:31 UTC)" for seconds from the answer's time. */
export function etaText(s, arrivalIso) {
  if (typeof s !== 'number') return '';
  const at = typeof arrivalIso === 'string' ? ` (${arrivalIso.slice(11, 16)} UTC)` : '';
  if (s < 90) return `in ${Math.round(s)} s${at}`;
  if (s < 5400) return `in ${Math.round(s / 60)} min${at}`;
  const h = Math.floor(s / 3600);
  return `in ${h} h ${Math.round((s - h * 3600) / 60)} min${at}`;
}

/** One row per unit: what the panel lists, in the answer's order (soonest first). */
export function interceptRows(answer) {
  return (Array.isArray(answer?.units) ? answer.units : []).map((u) => ({
    id: String(u?.unit?.id ?? ''),
    name: u?.unit?.name || u?.unit?.id || '',
    kind: u?.unit?.kind || '',
    possible: !!u?.possible,
    course: u?.possible && typeof u.course_deg === 'number' ? `${String(Math.round(u.course_deg) % 360).padStart(3, '0')}°` : '',
    distance: u?.possible && typeof u.distance_m === 'number' ? `${(u.distance_m / NM).toFixed(1)} NM` : '',
    eta: u?.possible ? etaText(u.time_s, u.arrival) : 'cannot intercept',
    ages: `unit ${ageText(u?.unit_age_s)} old, target ${ageText(u?.target_age_s)} old`,
  }));
}

/** Lines from each unit that can intercept to its aim point, and the aim points. */
export function interceptFeatures(answer) {
  const features = [];
  for (const u of Array.isArray(answer?.units) ? answer.units : []) {
    const from = u?.unit?.position;
    if (!u?.possible || !Array.isArray(from) || !Array.isArray(u.aim)) continue;
    const props = { id: String(u.unit.id ?? ''), time_s: u.time_s };
    features.push({ type: 'Feature', properties: { ...props, role: 'line' }, geometry: { type: 'LineString', coordinates: [from, u.aim] } });
    features.push({ type: 'Feature', properties: { ...props, role: 'aim' }, geometry: { type: 'Point', coordinates: u.aim } });
  }
  return { type: 'FeatureCollection', features };
}

function ensureLayers(map) {
  if (!map.getSource('intercept')) map.addSource('intercept', { type: 'geojson', data: interceptFeatures(null) });
  if (!map.getLayer('intercept-line')) {
    map.addLayer({ id: 'intercept-line', type: 'line', source: 'intercept', filter: ['==', ['get', 'role'], 'line'],
      paint: { 'line-color': '#80e0ff', 'line-width': 1.6, 'line-dasharray': [3, 2] } });
    map.addLayer({ id: 'intercept-aim', type: 'circle', source: 'intercept', filter: ['==', ['get', 'role'], 'aim'],
      paint: { 'circle-radius': 4, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#80e0ff', 'circle-stroke-width': 2 } });
  }
}

/** Removes the lines (the panel closed or shows another alert). */
export function clearIntercept(map) {
  map.getSource('intercept')?.setData(interceptFeatures(null));
}

/** Fetches the answer for `alertId`, lists it in `box` and draws it on `map`. */
export async function showIntercept(map, box, alertId, isCurrent = () => true) {
  if (!box) return;
  box.innerHTML = '<div class="muted">Solving intercepts…</div>';
  let answer;
  try {
    answer = await api(`/api/intercept?alert=${encodeURIComponent(alertId)}`);
  } catch (e) {
    if (!isCurrent()) return;
    box.innerHTML = `<div class="muted" data-testid="intercept-none">${e.status === 409 ? 'The target has no position now.' : esc(`No intercept: ${e.message}`)}</div>`;
    clearIntercept(map);
    return;
  }
  if (!isCurrent()) return;
  const rows = interceptRows(answer);
  box.innerHTML = rows.length
    ? `<table class="evidence" data-testid="intercept-table"><tbody>${rows.map((r) => `
        <tr data-unit="${esc(r.id)}"><th>${esc(r.name)}<div class="muted">${esc(r.kind)}</div></th>
        <td>${r.possible ? `${esc(r.eta)} · ${esc(r.course)} · ${esc(r.distance)}` : '<span class="muted">cannot intercept</span>'}
        <div class="muted">${esc(r.ages)}</div></td></tr>`).join('')}</tbody></table>`
    : '<div class="muted" data-testid="intercept-none">No friendly unit is released to you.</div>';
  ensureLayers(map);
  map.getSource('intercept')?.setData(interceptFeatures(answer));
}
