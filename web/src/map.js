// The map: an offline MapLibre style (sea background, Natural Earth land from
// world-atlas, a faint graticule), runtime-drawn SDF icons, and every layer the UI
// uses. No tiles, glyphs or sprites are fetched, so the map works with no network.
import maplibregl from 'maplibre-gl';
import { feature } from 'topojson-client';
import landUrl from 'world-atlas/land-50m.json?url';
import { RISK_COLOURS } from './format.js';
import { AIR_COLOURS } from './air.js';

const EMPTY = { type: 'FeatureCollection', features: [] };

export const COLOURS = {
  sea: '#08121c',
  land: '#1b2632',
  coast: '#2f4052',
  graticule: '#0f1c29',
  cable: '#35b6d6',
  pipeline: '#e08a3c',
  otherLine: '#7d8fd6',
  anchorage: '#2fa38a',
  port: '#9fb4c8',
  airport: '#b68cff',
  point: '#d0a85c',
  evidence: '#ffd166',
  track: '#7cc4ff',
  operator: '#ffd166',
  launch: '#ff8c42',
};

const airColour = ['match', ['get', 'class'], 'drone', AIR_COLOURS.drone, 'aircraft', AIR_COLOURS.aircraft, 'bird', AIR_COLOURS.bird, AIR_COLOURS.unknown];

function graticule(step = 5) {
  const features = [];
  for (let lon = -180; lon <= 180; lon += step) {
    const coords = [];
    for (let lat = -80; lat <= 80; lat += 2) coords.push([lon, lat]);
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
  }
  for (let lat = -80; lat <= 80; lat += step) {
    const coords = [];
    for (let lon = -180; lon <= 180; lon += 2) coords.push([lon, lat]);
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * world-atlas keeps spherical topology: rings that cross the antimeridian jump from
 * +180 to -180, which a planar renderer fills as a band across the whole map. Unwrap
 * such rings into continuous longitudes (MapLibre draws beyond ±180 in the next world
 * copy) and drop Antarctica, whose ring encloses the pole.
 */
export function planarLand(fc) {
  const out = [];
  for (const f of fc.features || [fc]) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      if (poly[0].every((c) => c[1] < -60)) continue;
      let centre = null;
      const rings = poly.map((ring) => {
        let off = 0;
        const r = ring.map((c, i) => {
          if (i > 0) {
            const d = c[0] - ring[i - 1][0];
            if (d > 180) off -= 360;
            else if (d < -180) off += 360;
          }
          return [c[0] + off, c[1]];
        });
        let min = Infinity;
        let max = -Infinity;
        for (const c of r) { min = Math.min(min, c[0]); max = Math.max(max, c[0]); }
        const mid = (min + max) / 2;
        const target = centre ?? 0;
        const k = Math.round((target - mid) / 360);
        if (centre === null) centre = mid + k * 360;
        return k ? r.map((c) => [c[0] + k * 360, c[1]]) : r;
      });
      out.push(rings);
    }
  }
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: out } }] };
}

/** An SDF icon drawn on a canvas: white shape on transparent, tinted by icon-color. */
function sdfIcon(size, draw) {
  const ratio = 2;
  const c = document.createElement('canvas');
  c.width = c.height = size * ratio;
  const g = c.getContext('2d');
  g.scale(ratio, ratio);
  g.fillStyle = '#fff';
  g.strokeStyle = '#fff';
  draw(g, size);
  const img = g.getImageData(0, 0, c.width, c.height);
  return { width: c.width, height: c.height, data: new Uint8Array(img.data.buffer) };
}

function addIcons(map) {
  const add = (id, img, opts) => { if (!map.hasImage(id)) map.addImage(id, img, opts); };
  // Vessel with a heading: a slim arrow pointing up (north), rotated by the layer.
  add('vessel-arrow', sdfIcon(22, (g, s) => {
    g.beginPath();
    g.moveTo(s / 2, 2);
    g.lineTo(s - 5, s - 3);
    g.lineTo(s / 2, s - 7);
    g.lineTo(5, s - 3);
    g.closePath();
    g.fill();
  }), { sdf: true, pixelRatio: 2 });
  add('vessel-dot', sdfIcon(14, (g, s) => {
    g.beginPath();
    g.arc(s / 2, s / 2, s / 2 - 3, 0, Math.PI * 2);
    g.fill();
  }), { sdf: true, pixelRatio: 2 });
  // Aged (silent past its reporting rate's threshold, see freshness.js): the same
  // shapes hollow, drawn at the last known position.
  add('vessel-arrow-hollow', sdfIcon(22, (g, s) => {
    g.beginPath();
    g.moveTo(s / 2, 2.5);
    g.lineTo(s - 5.5, s - 3.5);
    g.lineTo(s / 2, s - 7.5);
    g.lineTo(5.5, s - 3.5);
    g.closePath();
    g.lineWidth = 1.6;
    g.stroke();
  }), { sdf: true, pixelRatio: 2 });
  add('vessel-dot-hollow', sdfIcon(14, (g, s) => {
    g.beginPath();
    g.arc(s / 2, s / 2, s / 2 - 3.5, 0, Math.PI * 2);
    g.lineWidth = 1.6;
    g.stroke();
  }), { sdf: true, pixelRatio: 2 });
  // Air tracks, one shape per class: drone a diamond, aircraft a chevron, bird a
  // small V, unknown a ring.
  add('air-drone', sdfIcon(18, (g, s) => {
    g.beginPath();
    g.moveTo(s / 2, 2);
    g.lineTo(s - 2, s / 2);
    g.lineTo(s / 2, s - 2);
    g.lineTo(2, s / 2);
    g.closePath();
    g.lineWidth = 2.5;
    g.stroke();
  }), { sdf: true, pixelRatio: 2 });
  add('air-aircraft', sdfIcon(18, (g, s) => {
    g.beginPath();
    g.moveTo(s / 2, 2);
    g.lineTo(s - 3, s - 3);
    g.lineTo(s / 2, s - 7);
    g.lineTo(3, s - 3);
    g.closePath();
    g.fill();
  }), { sdf: true, pixelRatio: 2 });
  add('air-bird', sdfIcon(16, (g, s) => {
    g.beginPath();
    g.moveTo(2, 5);
    g.lineTo(s / 2, s - 4);
    g.lineTo(s - 2, 5);
    g.lineWidth = 2.5;
    g.stroke();
  }), { sdf: true, pixelRatio: 2 });
  add('air-unknown', sdfIcon(16, (g, s) => {
    g.beginPath();
    g.arc(s / 2, s / 2, s / 2 - 3, 0, Math.PI * 2);
    g.lineWidth = 2.5;
    g.stroke();
  }), { sdf: true, pixelRatio: 2 });
}

const riskColour = [
  'step', ['coalesce', ['get', 'risk'], 0],
  RISK_COLOURS[0], 1, RISK_COLOURS[1], 40, RISK_COLOURS[2], 70, RISK_COLOURS[3],
];

/** Line width in pixels for a corridor of `corr` = buffer_m / (metres per pixel at zoom 0). */
const corridorWidth = [
  'interpolate', ['exponential', 2], ['zoom'],
  0, ['*', 2, ['coalesce', ['get', 'corr'], 0]],
  22, ['*', 2 * 4194304, ['coalesce', ['get', 'corr'], 0]],
];

export function createMap(container) {
  const style = {
    version: 8,
    name: 'lookout-offline',
    sources: {
      land: { type: 'geojson', data: EMPTY },
      graticule: { type: 'geojson', data: graticule() },
      assets: { type: 'geojson', data: EMPTY },
      evidence: { type: 'geojson', data: EMPTY },
      track: { type: 'geojson', data: EMPTY },
      playback: { type: 'geojson', data: EMPTY },
      alerts: { type: 'geojson', data: EMPTY },
      vessels: { type: 'geojson', data: EMPTY, promoteId: 'mmsi' },
      air: { type: 'geojson', data: EMPTY },
      'air-trails': { type: 'geojson', data: EMPTY },
      'air-operators': { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': COLOURS.sea } },
      { id: 'graticule', type: 'line', source: 'graticule', paint: { 'line-color': COLOURS.graticule, 'line-width': 1 } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLOURS.land, 'fill-antialias': true } },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': COLOURS.coast, 'line-width': 0.8 } },

      // Assets: polygons, corridors, lines, points.
      { id: 'asset-fill', type: 'fill', source: 'assets', filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
        paint: { 'fill-color': ['coalesce', ['get', 'colour'], ['match', ['get', 'kind'], 'anchorage', COLOURS.anchorage, 'airspace', COLOURS.airport, '#5a7391']], 'fill-opacity': 0.14 } },
      { id: 'asset-outline', type: 'line', source: 'assets', filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
        paint: { 'line-color': ['coalesce', ['get', 'colour'], ['match', ['get', 'kind'], 'anchorage', COLOURS.anchorage, 'airspace', COLOURS.airport, '#5a7391']], 'line-width': 1, 'line-dasharray': [3, 2], 'line-opacity': 0.7 } },
      { id: 'asset-corridor', type: 'line', source: 'assets', minzoom: 5, filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': ['coalesce', ['get', 'colour'], ['match', ['get', 'kind'], 'cable', COLOURS.cable, 'pipeline', COLOURS.pipeline, COLOURS.otherLine]],
          'line-opacity': 0.13, 'line-width': corridorWidth } },
      { id: 'asset-line', type: 'line', source: 'assets', filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': ['coalesce', ['get', 'colour'], ['match', ['get', 'kind'], 'cable', COLOURS.cable, 'pipeline', COLOURS.pipeline, COLOURS.otherLine]],
          'line-width': ['interpolate', ['linear'], ['zoom'], 4, 1, 10, 2.2], 'line-opacity': 0.85,
          'line-dasharray': ['match', ['get', 'kind'], 'pipeline', ['literal', [4, 2]], ['literal', [1, 0]]] } },
      { id: 'asset-line-hover', type: 'line', source: 'assets', filter: ['==', ['get', 'id'], '__none__'],
        paint: { 'line-color': '#ffffff', 'line-width': 3, 'line-opacity': 0.9 } },
      { id: 'asset-point-selected', type: 'circle', source: 'assets', filter: ['==', ['get', 'id'], '__none__'],
        paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } },
      { id: 'asset-point', type: 'circle', source: 'assets', filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 3.5, 10, 6],
          'circle-color': ['coalesce', ['get', 'colour'], ['match', ['get', 'kind'], 'airport', COLOURS.airport, 'port', COLOURS.port, COLOURS.point]],
          'circle-opacity': 0.25, 'circle-stroke-width': 1.5,
          'circle-stroke-color': ['coalesce', ['get', 'colour'], ['match', ['get', 'kind'], 'airport', COLOURS.airport, 'port', COLOURS.port, COLOURS.point]] } },

      // Selected vessel's track and playback marker.
      { id: 'track-line', type: 'line', source: 'track', layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': COLOURS.track, 'line-width': 2, 'line-opacity': 0.75 } },
      { id: 'track-points', type: 'circle', source: 'track', filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        minzoom: 9, paint: { 'circle-radius': 2, 'circle-color': COLOURS.track, 'circle-opacity': 0.8 } },

      // Alert evidence segment.
      { id: 'evidence-casing', type: 'line', source: 'evidence', filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
        layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': '#000', 'line-width': 6, 'line-opacity': 0.5 } },
      { id: 'evidence-line', type: 'line', source: 'evidence', filter: ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': ['match', ['get', 'role'], 'launch-link', COLOURS.launch, COLOURS.evidence],
          'line-width': ['match', ['get', 'role'], 'launch-link', 1.5, 3] } },
      { id: 'evidence-points', type: 'circle', source: 'evidence', filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
        paint: { 'circle-radius': ['match', ['get', 'role'], 'end', 6, 'start', 5, 'launch', 7, 'vessel', 6, 2.5],
          'circle-color': ['match', ['get', 'role'], 'asset', COLOURS.cable, 'launch', COLOURS.launch, 'vessel', '#ffffff', COLOURS.evidence],
          'circle-stroke-color': '#000', 'circle-stroke-width': 1 } },

      // Open alerts: a ring at the alert position.
      { id: 'alert-ring', type: 'circle', source: 'alerts',
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 9, 10, 16], 'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': ['match', ['get', 'severity'], 'critical', '#ff3b5c', 'high', '#f0524f', 'medium', '#f2a93b', '#c9d3de'],
          'circle-stroke-width': ['case', ['boolean', ['get', 'selected'], false], 3, 1.5],
          'circle-stroke-opacity': ['case', ['==', ['get', 'status'], 'open'], 0.95, 0.35] } },

      // Vessels.
      { id: 'vessel-selected', type: 'circle', source: 'vessels', filter: ['==', ['get', 'mmsi'], -1],
        paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } },
      // An aged vessel's last known position: a dot inside its hollow symbol.
      { id: 'vessel-lkp', type: 'circle', source: 'vessels', filter: ['==', ['get', 'age'], 'aged'],
        paint: { 'circle-radius': 1.8, 'circle-color': riskColour, 'circle-opacity': 0.9 } },
      { id: 'vessels', type: 'symbol', source: 'vessels',
        layout: {
          'icon-image': ['case', ['==', ['get', 'age'], 'aged'],
            ['case', ['has', 'hdg'], 'vessel-arrow-hollow', 'vessel-dot-hollow'],
            ['case', ['has', 'hdg'], 'vessel-arrow', 'vessel-dot']],
          'icon-rotate': ['coalesce', ['get', 'hdg'], 0],
          'icon-rotation-alignment': 'map',
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
          'icon-size': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 0.9, 12, 1.2],
          'symbol-sort-key': ['coalesce', ['get', 'risk'], 0],
        },
        paint: { 'icon-color': riskColour, 'icon-halo-color': 'rgba(0,0,0,0.85)', 'icon-halo-width': 1,
          'icon-opacity': ['case', ['==', ['get', 'age'], 'aged'], 0.75, 1] } },
      { id: 'playback-marker', type: 'circle', source: 'playback',
        paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': COLOURS.track, 'circle-stroke-width': 3 } },

      // Air tracks: trails under the symbols, a Remote ID drone's operator joined to it by
      // a dashed line; a stale (coasting or long undetected) track is drawn faint.
      { id: 'air-trail', type: 'line', source: 'air-trails', layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': airColour, 'line-width': 1.6, 'line-opacity': ['case', ['boolean', ['get', 'stale'], false], 0.3, 0.7] } },
      { id: 'air-operator-line', type: 'line', source: 'air-operators', filter: ['==', ['get', 'role'], 'link'],
        paint: { 'line-color': COLOURS.operator, 'line-width': 1.2, 'line-dasharray': [2, 2], 'line-opacity': 0.85 } },
      { id: 'air-operator', type: 'circle', source: 'air-operators', filter: ['==', ['get', 'role'], 'operator'],
        paint: { 'circle-radius': 4.5, 'circle-color': COLOURS.operator, 'circle-stroke-color': '#000', 'circle-stroke-width': 1 } },
      { id: 'air-selected', type: 'circle', source: 'air', filter: ['==', ['get', 'track'], ''],
        paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } },
      { id: 'air', type: 'symbol', source: 'air',
        layout: { 'icon-image': ['match', ['get', 'class'], 'drone', 'air-drone', 'aircraft', 'air-aircraft', 'bird', 'air-bird', 'air-unknown'],
          'icon-allow-overlap': true, 'icon-ignore-placement': true },
        paint: { 'icon-color': ['case', ['boolean', ['get', 'emergency'], false], '#ff3b5c', airColour],
          'icon-halo-color': 'rgba(0,0,0,0.85)', 'icon-halo-width': 1,
          'icon-opacity': ['case', ['boolean', ['get', 'stale'], false], 0.45, 1] } },
    ],
  };

  const map = new maplibregl.Map({
    container,
    style,
    center: [16.5, 58.0],
    zoom: 4.5,
    minZoom: 2,
    maxZoom: 17,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'nautical' }), 'bottom-right');
  map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: 'Land: Natural Earth (public domain)' }), 'bottom-right');

  map.on('styleimagemissing', () => addIcons(map));
  map.on('load', () => {
    addIcons(map);
    // Start with the attribution folded to its (i) button.
    container.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
  });

  // Land arrives after the first frame so the map is interactive at once.
  fetch(landUrl).then((r) => r.json()).then((topo) => {
    const land = planarLand(feature(topo, topo.objects.land));
    const apply = () => map.getSource('land').setData(land);
    if (map.isStyleLoaded()) apply(); else map.once('load', apply);
  }).catch((e) => console.error('land failed to load', e));

  return map;
}

const FROZEN_GREY = '#5b6573';

/** Greys the vessels while the picture is frozen (the node cannot be reached). */
export function setPictureFrozen(map, frozen) {
  if (!map.getLayer('vessels')) return;
  map.setPaintProperty('vessels', 'icon-color', frozen ? FROZEN_GREY : riskColour);
  map.setPaintProperty('vessel-lkp', 'circle-color', frozen ? FROZEN_GREY : riskColour);
}

export function setData(map, source, data) {
  const s = map.getSource(source);
  if (s) s.setData(data || EMPTY);
}

export { EMPTY };
