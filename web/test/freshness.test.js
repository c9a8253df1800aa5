// Unit tests of vessel ageing, record merging and track breaking (freshness.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  nominalInterval, expectedInterval, ageLimits, ageState, learnGap, mergeNewest, trackRuns, maxSpeedKn, distanceM,
  AGED_FLOOR_MS, GONE_FLOOR_MS,
} from '../src/freshness.js';

const T = Date.UTC(2024, 11, 25, 10, 0, 0);
const S = 1000;
const MIN = 60 * S;

test('nominal intervals follow ITU-R M.1371 by class, speed and status', () => {
  assert.equal(nominalInterval({ class: 'A', sog: 12 }), 10 * S);
  assert.equal(nominalInterval({ class: 'A', sog: 18 }), 6 * S);
  assert.equal(nominalInterval({ class: 'A', sog: 30 }), 2 * S);
  assert.equal(nominalInterval({ class: 'A', sog: 0.2, nav_status: 1 }), 3 * MIN); // at anchor
  assert.equal(nominalInterval({ class: 'A', sog: 0.1, nav_status: 5 }), 3 * MIN); // moored
  assert.equal(nominalInterval({ class: 'A', sog: 4, nav_status: 1 }), 10 * S); // dragging faster than 3 kn
  assert.equal(nominalInterval({ class: 'B', sog: 8 }), 30 * S);
  assert.equal(nominalInterval({ class: 'B', sog: 1 }), 3 * MIN);
  assert.equal(nominalInterval({ class: 'SAR', sog: 140 }), 10 * S);
  assert.equal(nominalInterval({ sog: 8 }), 30 * S); // unknown: the slower rates
});

test('the expected interval is the longest of nominal, learned cadence and batch period', () => {
  const v = { class: 'A', sog: 12 };
  assert.equal(expectedInterval(v, 1), 10 * S);
  assert.equal(expectedInterval({ ...v, _gap: 90 * S }, 1), 90 * S); // a thinned feed
  assert.equal(expectedInterval(v, 90), 45 * S); // the demo: a batch every 45 s of node time
});

test('a Class A under way is aged after a minute of silence, gone after two hours', () => {
  const v = { class: 'A', sog: 12 };
  assert.equal(ageLimits(v).agedAfter, AGED_FLOOR_MS);
  assert.equal(ageState(v, T, T + 30 * S), 'live');
  assert.equal(ageState(v, T, T + 61 * S), 'aged');
  assert.equal(ageState(v, T, T + GONE_FLOOR_MS), 'gone');
});

test('an anchored vessel ages on its 3-minute rate after three missed reports', () => {
  const v = { class: 'A', sog: 0, nav_status: 1 };
  assert.equal(ageState(v, T, T + 8 * MIN), 'live');
  assert.equal(ageState(v, T, T + 9 * MIN), 'aged');
  assert.equal(ageState(v, T, T + 119 * MIN), 'aged');
  assert.equal(ageState(v, T, T + GONE_FLOOR_MS), 'gone');
  // A slow feed's cadence stretches it: every 10 min, gone after 30 of them.
  assert.equal(ageState({ ...v, _gap: 10 * MIN }, T, T + 299 * MIN), 'aged');
  assert.equal(ageState({ ...v, _gap: 10 * MIN }, T, T + 300 * MIN), 'gone');
});

test('the issue\'s 9-hour-old warship is gone and a report from a restarted node\'s future is live', () => {
  assert.equal(ageState({ class: 'A', sog: 14 }, T, T + 9 * 3600 * S), 'gone');
  assert.equal(ageState({ class: 'A', sog: 14 }, T + 5 * MIN, T), 'live');
  assert.equal(ageState({ class: 'A' }, null, T), 'live');
});

test('ages scale with the clock speed (batches are half a second of wall time)', () => {
  const v = { class: 'A', sog: 12 };
  // At 600x a batch is 300 s of node time: aged after three of them.
  assert.equal(ageState(v, T, T + 899 * S, 600), 'live');
  assert.equal(ageState(v, T, T + 900 * S, 600), 'aged');
});

test('learnGap averages the feed cadence and ignores a silence', () => {
  assert.equal(learnGap(0, 90 * S), 90 * S);
  assert.equal(learnGap(90 * S, 60 * S), 0.7 * 90 * S + 0.3 * 60 * S);
  assert.equal(learnGap(90 * S, 3 * 3600 * S), 90 * S);
  assert.equal(learnGap(undefined, -5), 0);
});

test('the node\'s record wins over an older live copy, and a newer live copy over it', () => {
  const node = { mmsi: 1, time: '2024-12-25T10:00:00Z', lat: 60, destination: 'PRIMORSK' };
  const stale = { mmsi: 1, time: '2024-12-25T08:40:00Z', lat: 59, _t: 1, _gap: 5 };
  const m = mergeNewest(node, stale);
  assert.equal(m.lat, 60);
  assert.equal(m.time, node.time);
  assert.equal(m._gap, undefined);
  const newer = { mmsi: 1, time: '2024-12-25T10:05:00Z', lat: 61 };
  const n = mergeNewest(node, newer);
  assert.equal(n.lat, 61);
  assert.equal(n.destination, 'PRIMORSK'); // the other fills what it lacks
  assert.equal(mergeNewest(null, newer).lat, 61);
  assert.equal(mergeNewest(node, null).lat, 60);
  assert.equal(mergeNewest(node, { ...node, lat: 1 }).lat, 60); // same report: the node's
});

test('a track breaks at an impossible jump, not at a fast or a noisy step', () => {
  const t = (min) => T + min * MIN;
  // 12 kn for 10 min is 3.7 km; then a jump of ~110 km in one minute; then on.
  const coords = [[24.0, 59.5], [24.066, 59.5], [24.132, 59.5], [24.132, 60.5], [24.198, 60.5]];
  const times = [t(0), t(10), t(20), t(21), t(31)];
  assert.deepEqual(trackRuns(coords, times, maxSpeedKn('A')), [[0, 3], [3, 5]]);
  // The same jump over 10 hours is possible: one run.
  assert.deepEqual(trackRuns(coords, [t(0), t(10), t(20), t(620), t(630)], maxSpeedKn('A')), [[0, 5]]);
  // GNSS noise at anchor with the same time stamp: no break.
  assert.deepEqual(trackRuns([[24, 59.5], [24.0001, 59.5001]], [t(0), t(0)], 60), [[0, 2]]);
  // A SAR aircraft covers 110 km in 20 min.
  assert.deepEqual(trackRuns([[24, 59.5], [24, 60.5]], [t(0), t(20)], maxSpeedKn('SAR')), [[0, 2]]);
  assert.deepEqual(trackRuns([], [], 60), []);
});

test('distanceM is the great-circle distance', () => {
  assert.ok(Math.abs(distanceM([0, 0], [0, 1]) - 111195) < 10);
  assert.equal(distanceM([24, 60], [24, 60]), 0);
});
