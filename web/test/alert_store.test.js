// Unit tests of the client's alert store and the inbox's filter and sort order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertStore, alertStatus, visibleAlerts } from '../src/alert_store.js';

// Shaped as GET /api/alerts and the WebSocket `alert` messages send them.
const raised = [
  { id: 'a1', kind: 'anchor_drag', score: 80, time: '2024-12-25T11:40:00Z', mmsi: [518998950], status: 'open' },
  { id: 'a2', kind: 'ais_gap', score: 55, time: '2024-12-25T12:10:00Z', mmsi: [518998950], status: 'open' },
  { id: 'a3', kind: 'loitering', score: 60, time: '2024-12-25T10:00:00Z', mmsi: [414270000], status: 'acknowledged' },
  { id: 'a4', kind: 'anchor_drag', score: 80, time: '2024-12-25T12:30:00Z', mmsi: [414270000], state: 'retracted' },
];

function storeWith(list) {
  const store = new AlertStore();
  store.upsert(list.map((a) => ({ ...a })));
  return store;
}

test('alertStatus prefers the stored status, then the live state', () => {
  assert.equal(alertStatus({ status: 'acknowledged', state: 'open' }), 'acknowledged');
  assert.equal(alertStatus({ state: 'retract' }), 'retracted');
  assert.equal(alertStatus({ state: 'retracted' }), 'retracted');
  assert.equal(alertStatus({ state: 'acknowledged' }), 'acknowledged');
  assert.equal(alertStatus({ state: 'update' }), 'open');
});

test('the store keeps the latest version of each alert and skips entries without an id', () => {
  const store = storeWith(raised);
  const seen = [];
  store.subscribe((changed) => seen.push(changed.length));
  store.upsert([{ id: 'a2', kind: 'ais_gap', score: 65, time: '2024-12-25T12:20:00Z', mmsi: [518998950] }, null, { id: 7 }]);
  assert.equal(store.all().length, 4);
  assert.equal(store.get('a2').score, 65);
  assert.equal(store.get('a2')._t, Date.parse('2024-12-25T12:20:00Z'));
  assert.deepEqual(seen, [3]);
  assert.equal(store.openCount(), 2);
  assert.deepEqual(store.forVessel(414270000).map((a) => a.id).sort(), ['a3', 'a4']);
});

test('the inbox shows open alerts newest first by default', () => {
  const as = visibleAlerts(storeWith(raised).all(), { state: 'open', kind: '' }, 'time');
  assert.deepEqual(as.map((a) => a.id), ['a2', 'a1']);
});

test('the state and kind filters combine', () => {
  const all = storeWith(raised).all();
  assert.deepEqual(visibleAlerts(all, { state: 'all', kind: 'anchor_drag' }, 'time').map((a) => a.id), ['a4', 'a1']);
  assert.deepEqual(visibleAlerts(all, { state: 'retracted', kind: '' }, 'time').map((a) => a.id), ['a4']);
  assert.deepEqual(visibleAlerts(all, { state: 'acknowledged', kind: 'anchor_drag' }, 'time'), []);
});

test('sorting by score breaks ties by time, and sorting by time breaks ties by score', () => {
  const all = storeWith(raised).all();
  assert.deepEqual(visibleAlerts(all, { state: 'all', kind: '' }, 'score').map((a) => a.id), ['a4', 'a1', 'a3', 'a2']);
  const sameTime = storeWith([
    { id: 'low', score: 30, time: '2024-12-25T12:00:00Z' },
    { id: 'high', score: 90, time: '2024-12-25T12:00:00Z' },
  ]).all();
  assert.deepEqual(visibleAlerts(sameTime, { state: 'all', kind: '' }, 'time').map((a) => a.id), ['high', 'low']);
});

test('an alert without a readable time sorts last and the input is not reordered', () => {
  const list = storeWith([...raised, { id: 'a5', score: 99, time: 'garbled', status: 'open' }]).all();
  const before = list.map((a) => a.id);
  const as = visibleAlerts(list, { state: 'open', kind: '' }, 'time');
  assert.deepEqual(as.map((a) => a.id), ['a2', 'a1', 'a5']);
  assert.deepEqual(list.map((a) => a.id), before);
});
