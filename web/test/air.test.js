// Unit tests of the air picture's pure functions (node --test, no DOM): what the map
// draws from GET /api/air/tracks and how a track is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { airFeatures, airLabel, airClass, isStale, operatorPosition, classProbabilities, STALE_MS } from '../src/air.js';
import { evidenceValue } from '../src/format.js';

const T = Date.parse('2025-09-22T19:40:00Z');
const iso = (t) => new Date(t).toISOString();

const drone = {
  track: 'T12', time: iso(T), lat: 55.62, lon: 12.70, alt_m: 120, speed: 14.2, course: 271, class: 'drone', status: 'confirmed',
  class_probabilities: { unknown: 0.02, drone: 0.91, bird: 0.05, aircraft: 0.02 },
  first_seen: iso(T - 60000), last_detected: iso(T - 1000), sensors: ['radar-1', 'rf-1'],
  trail: [[12.68, 55.60, 100, iso(T - 20000)], [12.69, 55.61, 110, iso(T - 10000)], [12.70, 55.62, 120, iso(T)]],
  identity: { source: 'remote_id', id: 'rid-0A1B2C', serial: '1596F3A1B2C3D4E5', operator: { lat: 55.6101, lon: 12.6502 }, last_report: iso(T) },
};
const airliner = {
  track: 'T3', lat: 55.7, lon: 12.9, alt_m: 3000, class: 'aircraft', status: 'coasting', last_detected: iso(T - 4000),
  trail: [[12.9, 55.7, 3000, iso(T)]], identity: { source: 'adsb', id: '4CA2D1', callsign: 'SAS1432', squawk: '7700', emergency: true },
};

test('a Remote ID drone is labelled by its serial, an aircraft by its callsign, else its ICAO address', () => {
  assert.equal(airLabel(drone), '1596F3A1B2C3D4E5');
  assert.equal(airLabel(airliner), 'SAS1432');
  assert.equal(airLabel({ ...airliner, identity: { source: 'adsb', id: '4CA2D1' } }), '4CA2D1');
  assert.equal(airLabel({ track: 'T9' }), null);
  assert.equal(airLabel({ identity: { source: 'remote_id', id: 'rid-1' } }), 'rid-1');
});

test('coasting tracks and tracks long undetected are stale', () => {
  assert.equal(isStale(drone, T), false);
  assert.equal(isStale(airliner, T), true);
  assert.equal(isStale({ ...drone, last_detected: iso(T - STALE_MS - 1) }, T), true);
});

test('the map gets a point and a trail per track, and a Remote ID operator with a line to its drone', () => {
  const f = airFeatures([drone, airliner, { track: 'T4', class: 'balloon' }], T);
  assert.equal(f.points.features.length, 2, 'a track without a position is not drawn');
  const p = f.points.features.find((x) => x.properties.track === 'T12');
  assert.deepEqual(p.geometry.coordinates, [12.70, 55.62]);
  assert.equal(p.properties.class, 'drone');
  assert.equal(p.properties.label, '1596F3A1B2C3D4E5');
  assert.equal(p.properties.stale, false);
  const a = f.points.features.find((x) => x.properties.track === 'T3');
  assert.equal(a.properties.stale, true);
  assert.equal(a.properties.emergency, true);
  assert.equal(f.trails.features.length, 1, 'a one-point trail is no line');
  assert.deepEqual(f.trails.features[0].geometry.coordinates, [[12.68, 55.60], [12.69, 55.61], [12.70, 55.62]]);
  const op = f.operators.features.find((x) => x.properties.role === 'operator');
  const link = f.operators.features.find((x) => x.properties.role === 'link');
  assert.deepEqual(op.geometry.coordinates, [12.6502, 55.6101]);
  assert.deepEqual(link.geometry.coordinates, [[12.6502, 55.6101], [12.70, 55.62]]);
  assert.equal(f.operators.features.length, 2, 'the aircraft has no operator');
});

test('classes outside the four are unknown; probabilities come highest first', () => {
  assert.equal(airClass({ class: 'balloon' }), 'unknown');
  assert.equal(airClass(drone), 'drone');
  assert.deepEqual(classProbabilities(drone)[0], ['drone', 0.91]);
  assert.equal(operatorPosition(airliner), null);
});

test('drone alert evidence reads as text: positions, class probabilities, m/s', () => {
  assert.equal(evidenceValue('launch_point', { lat: 55.61, lon: 12.65 }), '55.6100°N 12.6500°E');
  assert.equal(evidenceValue('class_probabilities', { bird: 0.05, drone: 0.91 }), 'drone 91%, bird 5%');
  assert.equal(evidenceValue('speed_mps', 14.2), '14.2 m/s');
  assert.equal(evidenceValue('members', ['T1', 'T2', 'T3']), 'T1, T2, T3');
});
