// Unit tests of the pure formatting helpers (node --test, no DOM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  esc, parseTime, hms, dayTime, fullTime, ago, num, latlon, riskBand, humanKind, humanKey, evidenceValue, navStatus,
} from '../src/format.js';

const T = Date.UTC(2024, 11, 25, 14, 22, 46); // 2024-12-25T14:22:46Z, the Eagle S cut

test('esc escapes the five HTML characters and prints nothing for null', () => {
  assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(esc(null), '');
  assert.equal(esc(undefined), '');
  assert.equal(esc(42), '42');
});

test('parseTime reads ISO 8601 and gives null for anything else', () => {
  assert.equal(parseTime('2024-12-25T14:22:46Z'), T);
  assert.equal(parseTime('not a time'), null);
  assert.equal(parseTime(undefined), null);
});

test('times are written in UTC with a Z', () => {
  assert.equal(hms(T), '14:22:46Z');
  assert.equal(dayTime(T), '25 Dec 14:22Z');
  assert.equal(fullTime(T), '2024-12-25 14:22:46Z');
  assert.equal(hms(Date.UTC(2025, 0, 1, 3, 4, 5)), '03:04:05Z');
  for (const f of [hms, dayTime, fullTime]) assert.equal(f(null), '—');
});

test('ago counts back from the node clock, not the browser one', () => {
  assert.equal(ago(T, T + 5000), '5 s ago');
  assert.equal(ago(T, T + 3 * 60000), '3 min ago');
  assert.equal(ago(T, T + (2 * 3600 + 5 * 60) * 1000), '2 h 5 min ago');
  assert.equal(ago(T, T + 3 * 86400000), '3 d ago');
  assert.equal(ago(T + 10000, T), 'just now');
  assert.equal(ago(null, T), '');
  assert.equal(ago(T, null), '');
});

test('num and latlon print a dash for what is not a number', () => {
  assert.equal(num(6.26), '6.3');
  assert.equal(num(6.26, 2), '6.26');
  assert.equal(num(NaN), '—');
  assert.equal(num('7'), '—');
  assert.equal(latlon(59.9, 24.9), '59.9000°N 24.9000°E');
  assert.equal(latlon(-33.86, -151.2), '33.8600°S 151.2000°W');
  assert.equal(latlon(null, 24.9), '—');
});

test('riskBand cuts at 40 and 70', () => {
  assert.deepEqual([0, -5, undefined, 1, 39, 40, 69, 70, 100].map(riskBand), [0, 0, 0, 1, 1, 2, 2, 3, 3]);
});

test('kinds and evidence keys read as words', () => {
  assert.equal(humanKind('anchor_drag'), 'anchor drag');
  assert.equal(humanKind(undefined), '');
  assert.equal(humanKey('cruise_kn'), 'Cruise speed');
  assert.equal(humanKey('min_distance_m'), 'Min distance m');
});

test('evidenceValue takes the unit from the key', () => {
  assert.equal(evidenceValue('cruise_kn', 8.5), '8.5 kn');
  assert.equal(evidenceValue('drop_pct', 26), '26%');
  assert.equal(evidenceValue('yaw_deg_rms', 12.25), '12.3°');
  assert.equal(evidenceValue('drag_km', 0.456), '0.46 km');
  assert.equal(evidenceValue('assets_crossed', 2), '2');
  assert.equal(evidenceValue('reported_at_anchor', false), 'no');
  assert.equal(evidenceValue('slow_since', '2024-12-25T14:22:46Z'), '2024-12-25 14:22:46Z');
  assert.equal(evidenceValue('asset_point', [24.9, 59.9]), '59.9000°N 24.9000°E');
  assert.equal(evidenceValue('assets', []), 'none');
  assert.equal(evidenceValue('assets', ['estlink-2', 'c-lion1']), 'estlink-2, c-lion1');
  assert.equal(evidenceValue('segments', [{ a: 1 }, { b: 2 }]), '2 items');
  assert.equal(evidenceValue('x', null), '—');
  assert.equal(evidenceValue('x', { a: 1 }), 'a 1');  // words, never raw JSON
});

test('navStatus names the AIS codes it knows and nothing else', () => {
  assert.equal(navStatus(0), 'Under way using engine');
  assert.equal(navStatus(1), 'At anchor');
  assert.equal(navStatus(15), null);
  assert.equal(navStatus('1'), null);
});

test('evidenceValue words a Remote ID and any other object, never raw JSON', () => {
  assert.equal(evidenceValue('remote_id', { broadcast: false }), 'none broadcast');
  assert.equal(evidenceValue('remote_id', { broadcast: true, serial: 'MFG1A0123456789', operator_id: 'GBR-OP-123ABCD' }),
    'serial MFG1A0123456789, operator GBR-OP-123ABCD');
  assert.match(evidenceValue('remote_id', { broadcast: true, operator_position: { lat: 45.5, lon: -122.9 } }), /^operator at /);
  assert.equal(evidenceValue('extra', { gap_min: 12, flagged: true }), 'gap 12 min, flagged yes');
  assert.ok(!/[{}]/.test(evidenceValue('nested', { a: { b: 1 } })));
});

