// Assets (cables, pipelines, ports, airports, anchorages...) from GET /api/assets:
// prepared for drawing (corridor width in pixels from buffer_m) and described in popups.
import { esc } from './format.js';

const DEFAULT_BUFFER_M = { cable: 1000, pipeline: 1000, windfarm: 500, platform: 500 };
const MPP_Z0 = 40075016.686 / 512; // metres per pixel at zoom 0 on the equator

// A colour for the kinds the map's own palette (map.js COLOURS) leaves to a shared default,
// so that wind farms, platforms, energy sites and air bases read apart at a glance.
export const KIND_COLOURS = { windfarm: '#7fd67f', platform: '#e0c03c', energy_site: '#ff7a59',
  military_site: '#ff5c8a', airport: '#b68cff' };

function meanLat(g) {
  let sum = 0;
  let n = 0;
  const walk = (c) => {
    if (typeof c[0] === 'number') { sum += c[1]; n++; return; }
    for (const x of c) walk(x);
  };
  if (g?.coordinates) walk(g.coordinates);
  return n ? sum / n : 0;
}

/** Adds `corr` (corridor half-width in zoom-0 pixels) to line features. */
export function prepareAssets(fc) {
  const features = (fc?.features || []).filter((f) => f && f.geometry);
  for (const f of features) {
    const p = (f.properties ||= {});
    const t = f.geometry.type;
    if (KIND_COLOURS[p.kind]) p.colour = KIND_COLOURS[p.kind];
    if (t === 'LineString' || t === 'MultiLineString') {
      const b = Number(p.buffer_m) || DEFAULT_BUFFER_M[p.kind] || 0;
      p.corr = b / (MPP_Z0 * Math.cos((meanLat(f.geometry) * Math.PI) / 180));
    }
  }
  return { type: 'FeatureCollection', features };
}

const KIND = { cable: 'Cable', pipeline: 'Pipeline', windfarm: 'Wind farm', platform: 'Platform', port: 'Port',
  airport: 'Airport', energy_site: 'Energy site', military_site: 'Military site', anchorage: 'Anchorage', airspace: 'Airspace' };

export function assetPopupHtml(p) {
  const marking = typeof p.marking === 'string' ? safeJson(p.marking) : p.marking;
  const rows = [
    ['Kind', KIND[p.kind] || p.kind],
    ['Id', p.id],
    ['Owner', p.owner],
    ['Corridor', p.buffer_m ? `± ${p.buffer_m} m` : null],
    ['Turbines', p.turbines],
    ['Route', p.route_accuracy],
    ['Source', p.source],
    ['Licence', p.licence],
    ['Marking', marking?.owner ? `${marking.owner}${marking.releasable_to?.length ? ' · REL ' + marking.releasable_to.join(', ') : ''}` : null],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return `<div class="pop" data-testid="asset-popup"><div class="pop-title">${esc(p.name || p.id)}</div>
    <dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></div>`;
}

function safeJson(s) {
  try { return JSON.parse(s); } catch { return null; }
}
