// Unit tests of the asset helpers (node --test, no DOM): each kind of the energy and
// airfield layers gets its own colour, and the popup says where an asset comes from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareAssets, assetPopupHtml, KIND_COLOURS } from '../src/assets.js';

const fc = { type: 'FeatureCollection', features: [
  { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[11.4, 54.5], [11.6, 54.5], [11.5, 54.6], [11.4, 54.5]]] },
    properties: { id: 'rodsand-2', kind: 'windfarm', turbines: 90 } },
  { type: 'Feature', geometry: { type: 'LineString', coordinates: [[9.13, 55.74], [9.18, 55.74]] },
    properties: { id: 'airfield-eksp', kind: 'military_site', buffer_m: 8000 } },
  { type: 'Feature', geometry: { type: 'LineString', coordinates: [[5.5, 59.3], [7.3, 53.7]] },
    properties: { id: 'europipe-2', kind: 'pipeline', buffer_m: 2000 } },
] };

test('the energy and airfield kinds each get a colour of their own; cables and pipelines keep the map palette', () => {
  const [farm, base, pipe] = prepareAssets(fc).features;
  assert.equal(farm.properties.colour, KIND_COLOURS.windfarm);
  assert.equal(base.properties.colour, KIND_COLOURS.military_site);
  assert.notEqual(KIND_COLOURS.windfarm, KIND_COLOURS.military_site);
  assert.equal(pipe.properties.colour, undefined);
  assert.ok(base.properties.corr > 0, 'a line asset gets its corridor width');
});

test('the popup shows turbines, route accuracy, source and licence when the asset has them', () => {
  const html = assetPopupHtml({ id: 'europipe-2', name: 'Europipe II', kind: 'pipeline', buffer_m: 2000,
    route_accuracy: 'traced', source: 'GEM P0690', licence: 'CC BY 4.0' });
  assert.match(html, /<dt>Route<\/dt><dd>traced<\/dd>/);
  assert.match(html, /<dt>Source<\/dt><dd>GEM P0690<\/dd>/);
  assert.match(html, /<dt>Licence<\/dt><dd>CC BY 4.0<\/dd>/);
  assert.doesNotMatch(html, /Turbines/);
  assert.match(assetPopupHtml({ id: 'rodsand-2', kind: 'windfarm', turbines: 90 }), /<dt>Turbines<\/dt><dd>90<\/dd>/);
});
