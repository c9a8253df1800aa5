// Unit tests of nearest-first picking (pick.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentDistance, geometryDistance, geometryParts, nearest, pickNearest } from '../src/pick.js';

const identity = (c) => c;
const pt = (x, y, risk, id) => ({ properties: { risk, id }, geometry: { type: 'Point', coordinates: [x, y] } });

test('the nearest vessel wins, not the first in the box', () => {
  // The case: the first hit 7.7 px away, the vessel clicked exactly at 0.
  const far = pt(107.7, 100, 0, 'other');
  const exact = pt(100, 100, 0, 'eagle-s');
  assert.equal(pickNearest([far, exact], [100, 100], identity).properties.id, 'eagle-s');
});

test('ties go to the higher risk', () => {
  const low = pt(103, 100, 10, 'low');
  const high = pt(100, 103.5, 80, 'high');
  assert.equal(pickNearest([low, high], [100, 100], identity).properties.id, 'high');
  // Not a tie: the nearer wins whatever its risk.
  assert.equal(pickNearest([pt(101, 100, 0, 'near'), pt(105, 100, 90, 'risky')], [100, 100], identity).properties.id, 'near');
});

test('lines by their distance to the cursor: the cable clicked, not the one beside it', () => {
  const estlink2 = { properties: { id: 'estlink-2' }, geometry: { type: 'LineString', coordinates: [[0, 102], [200, 102]] } };
  const other = { properties: { id: 'other' }, geometry: { type: 'MultiLineString', coordinates: [[[0, 94], [80, 94]], [[80, 94], [200, 96]]] } };
  assert.equal(pickNearest([other, estlink2], [100, 101], identity).properties.id, 'estlink-2');
  assert.equal(pickNearest([other, estlink2], [100, 96], identity).properties.id, 'other');
});

test('geometry helpers', () => {
  assert.equal(segmentDistance([5, 5], [0, 0], [10, 0]), 5);
  assert.equal(segmentDistance([-3, 4], [0, 0], [10, 0]), 5); // beyond the end
  assert.equal(segmentDistance([3, 4], [0, 0], [0, 0]), 5); // a degenerate segment
  assert.equal(geometryDistance([0, 0], [[[3, 4]]]), 5);
  assert.equal(geometryParts({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }).length, 1);
  assert.equal(geometryParts({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 1]]], [[[2, 2], [3, 3]]]] }).length, 2);
  assert.deepEqual(geometryParts(null), []);
  assert.equal(nearest([]), null);
  assert.equal(nearest([{ d: NaN }]), null);
});
