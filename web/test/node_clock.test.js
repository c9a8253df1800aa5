// Unit tests of the node's clock as the browser runs it, the lag meter and the
// failure causes (node_clock.js), on an injected wall clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeClock, LagMeter, shortDuration, failureCause, SETTLE_WALL_MS } from '../src/node_clock.js';

const T = Date.UTC(2024, 11, 25, 10, 0, 0);

function wallClock(start = 1_000_000) {
  const w = { t: start };
  w.fn = () => w.t;
  return w;
}

test('the clock runs at the node\'s speed between answers', () => {
  const w = wallClock();
  const c = new NodeClock(w.fn);
  c.sync(T, w.t, 90);
  w.t += 2000;
  assert.equal(c.now(), T + 180_000);
  assert.equal(c.speed, 90);
});

test('an answer wins even backwards (the node restarted with an earlier clock)', () => {
  const w = wallClock();
  const c = new NodeClock(w.fn);
  c.sync(T, w.t, 90);
  c.heard(T);
  w.t += 10_000;
  c.sync(T - 3600_000, w.t); // the restarted node's time
  assert.equal(c.now(), T - 3600_000);
  assert.equal(c.lag(), 0); // what the old node said is not lag
});

test('lag is the node\'s clock now against the newest live message', () => {
  const w = wallClock();
  const c = new NodeClock(w.fn);
  c.sync(T, w.t, 1);
  c.heard(T - 17_000, 4096);
  assert.equal(c.lag(), 17_000);
  assert.equal(c.queued, 4096);
  c.heard(T - 20_000); // older than the newest: changes nothing
  assert.equal(c.lag(), 17_000);
});

test('a frozen clock stops at the newest message and thaws to the node\'s time', () => {
  const w = wallClock();
  const c = new NodeClock(w.fn);
  c.sync(T, w.t, 60);
  c.heard(T - 1000);
  assert.equal(c.freeze(), T - 1000);
  w.t += 5000;
  assert.equal(c.now(), T - 1000);
  assert.ok(c.frozen);
  c.thaw();
  assert.equal(c.now(), T + 300_000);
});

test('the lag meter says behind past 3 s of wall time, catching up after, then live', () => {
  const w = wallClock();
  const m = new LagMeter(w.fn);
  assert.equal(m.update(1000, 1), 'live');
  assert.equal(m.update(2000 * 90, 90), 'live'); // 2 s of wall time at 90x
  assert.equal(m.update(5000 * 90, 90), 'behind');
  assert.equal(m.worst, 5000 * 90);
  assert.equal(m.update(2600 * 90, 90), 'behind'); // not yet under the live bound
  assert.equal(m.update(500 * 90, 90), 'catching-up');
  w.t += SETTLE_WALL_MS;
  assert.equal(m.update(500 * 90, 90), 'live');
  assert.equal(m.worst, 0);
});

test('shortDuration', () => {
  assert.equal(shortDuration(17_000), '17 s');
  assert.equal(shortDuration(250_000), '4 min 10 s');
  assert.equal(shortDuration(1_500_000), '25 min');
  assert.equal(shortDuration(7_500_000), '2 h 5 min');
});

test('failureCause names what the browser can tell', () => {
  assert.equal(failureCause({ probe: { network: true, ms: 3 }, host: '127.0.0.1:8080' }),
    'connection refused by 127.0.0.1:8080: the node is not running');
  assert.match(failureCause({ probe: { network: true, aborted: true, ms: 5000 } }), /no answer .* within 5 s/);
  assert.match(failureCause({ probe: { status: 502 } }), /proxy .*\(HTTP 502\)/);
  assert.match(failureCause({ probe: { status: 401 } }), /auth rejected/);
  assert.match(failureCause({ close: { code: 1001 }, probe: { network: true, ms: 2 } }), /^the node shut down; connection refused/);
  assert.match(failureCause({ close: { code: 1008, reason: 'too many bad messages' } }), /too many bad messages/);
  assert.equal(failureCause({ online: false }), 'this device has no network');
  assert.equal(failureCause({}), 'the live feed closed');
});
