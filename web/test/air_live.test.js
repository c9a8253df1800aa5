// Unit tests of the pushed air picture (air_live.js AirPicture): snapshots, changes, ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AirPicture } from '../src/air_live.js';

const t = (track, extra = {}) => ({ track, lat: 55.6, lon: 12.7, status: 'confirmed', ...extra });

test('a snapshot in slices replaces the picture, then changes and ends apply', () => {
  const p = new AirPicture();
  assert.equal(p.seen, false);
  p.apply({ type: 'air', tracks: [t('T99')] }); // before the snapshot: kept until one comes
  p.apply({ type: 'air', snapshot: true, tracks: [t('T1'), t('T2')] });
  assert.deepEqual([...p.tracks.keys()], ['T1', 'T2'], 'the first slice clears what came before');
  p.apply({ type: 'air', snapshot: true, complete: true, tracks: [t('T3')] });
  assert.deepEqual([...p.tracks.keys()], ['T1', 'T2', 'T3'], 'later slices add');
  p.apply({ type: 'air', tracks: [t('T2', { lat: 56 }), t('T4'), { track: 'T1', ended: true }] });
  assert.deepEqual([...p.tracks.keys()].sort(), ['T2', 'T3', 'T4']);
  assert.equal(p.tracks.get('T2').lat, 56);
  p.apply({ type: 'air', tracks: [{ track: 'T77', ended: true }] }); // never seen: nothing to do
  assert.equal(p.tracks.size, 3);
  // A new connection's snapshot starts afresh.
  p.apply({ type: 'air', snapshot: true, complete: true, tracks: [] });
  assert.equal(p.tracks.size, 0);
  assert.equal(p.seen, true);
});

test('other messages are not air', () => {
  const p = new AirPicture();
  assert.equal(p.apply({ type: 'vessels', vessels: [] }), false);
  assert.equal(p.apply(null), false);
  assert.equal(p.seen, false);
});
