// Unit tests of the friendly units' and the intercept block's pure functions
// (node --test, no DOM): what the map draws from GET /api/units and
// GET /api/intercept, and what the alert panel lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unitFeatures, friendlyIcon, ageText, FRIENDLY_BLUE } from '../src/units.js';
import { interceptRows, interceptFeatures, etaText } from '../src/intercept.js';

const T = Date.parse('2026-12-08T00:10:00Z');
const iso = (t) => new Date(t).toISOString();

const patrol = { id: 'mmsi:230999001', name: 'TURVA', kind: 'vessel', position: [24.73, 59.85], time: iso(T - 30000),
  top_speed_mps: 12.9, source: 'ais', marking: { owner: 'FIN', releasable_to: ['JEF'] } };
const heli = { id: 'FIN-HELI-1', name: 'Helicopter 1', kind: 'helicopter', position: [26.04, 59.94], time: iso(T - 5000),
  top_speed_mps: 61.7, source: 'api', marking: { owner: 'FIN', releasable_to: ['JEF'] } };

test('each unit with a position is one friendly point, its age from the node clock', () => {
  const fc = unitFeatures([patrol, heli, { id: 'lost', name: 'no fix' }], T);
  assert.equal(fc.features.length, 2);
  assert.deepEqual(fc.features[0].geometry.coordinates, [24.73, 59.85]);
  assert.equal(fc.features[0].properties.age_s, 30);
  assert.equal(fc.features[0].properties.letter, 'V');
  assert.equal(fc.features[1].properties.letter, 'H');
  assert.deepEqual(unitFeatures(null, T).features, []);
});

test('the friendly frame is a blue outline, clear inside', () => {
  const icon = friendlyIcon(10, 8, 2);
  assert.equal(icon.data.length, 10 * 8 * 4);
  const px = (x, y) => Array.from(icon.data.slice((y * 10 + x) * 4, (y * 10 + x) * 4 + 4));
  assert.deepEqual(px(0, 0), [...FRIENDLY_BLUE, 255]);
  assert.deepEqual(px(9, 7), [...FRIENDLY_BLUE, 255]);
  assert.deepEqual(px(5, 4), [0, 0, 0, 0]);
});

test('ages and arrival times read as words', () => {
  assert.equal(ageText(12), '12 s');
  assert.equal(ageText(600), '10 min');
  assert.equal(ageText(7500), '2 h 5 min');
  assert.equal(ageText(undefined), 'age unknown');
  assert.equal(etaText(840, '2026-12-08T00:24:00Z'), 'in 14 min (00:24 UTC)');
});

const answer = {
  alert: 'a1', time: iso(T),
  target: { kind: 'vessel', mmsi: 273000777, position: [25.0, 59.85], course_deg: 90, speed_mps: 5.14, age_s: 5 },
  units: [
    { unit: heli, possible: true, aim: [25.12, 59.85], course_deg: 262.4, distance_m: 55260, time_s: 896, arrival: '2026-12-08T00:24:56Z',
      range_m: 60000, unit_age_s: 5, target_age_s: 5, method: 'geodesic' },
    { unit: patrol, possible: true, aim: [25.3, 59.85], course_deg: 89.6, distance_m: 25000, time_s: 1940, arrival: '2026-12-08T00:42:20Z',
      range_m: 15000, unit_age_s: 30, target_age_s: 5, method: 'plane' },
    { unit: { ...patrol, id: 'slow', name: 'RHIB' }, possible: false, range_m: 3000, unit_age_s: 20, target_age_s: 5, method: 'plane' },
  ],
};

test('the panel lists units in the answer order, the slow one as cannot intercept', () => {
  const rows = interceptRows(answer);
  assert.deepEqual(rows.map((r) => r.name), ['Helicopter 1', 'TURVA', 'RHIB']);
  assert.equal(rows[0].course, '262°');
  assert.equal(rows[0].distance, '29.8 NM');
  assert.equal(rows[0].eta, 'in 15 min (00:24 UTC)');
  assert.equal(rows[1].course, '090°');
  assert.equal(rows[2].possible, false);
  assert.equal(rows[2].eta, 'cannot intercept');
  assert.equal(rows[2].course, '');
  assert.equal(rows[1].ages, 'unit 30 s old, target 5 s old');
});

test('lines run from each unit that can intercept to its aim point', () => {
  const fc = interceptFeatures(answer);
  const lines = fc.features.filter((f) => f.properties.role === 'line');
  const aims = fc.features.filter((f) => f.properties.role === 'aim');
  assert.equal(lines.length, 2);
  assert.equal(aims.length, 2);
  assert.deepEqual(lines[0].geometry.coordinates, [[26.04, 59.94], [25.12, 59.85]]);
  assert.deepEqual(interceptFeatures({}).features, []);
});
