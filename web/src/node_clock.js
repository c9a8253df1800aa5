// The node's clock as this browser knows it, and how far behind the node the
// picture is. Pure (the wall clock is injected), tested in web/test.
//
// The node says its time and its clock's speed (the demo runs at 90x) in every
// HTTP answer of /api/health and in the WebSocket's hello; between answers the
// clock runs on at that speed. An answer always wins, even backwards: a node
// restarted with an earlier clock is followed, not ignored.
//
// Lag: every message on the live feed carries the node's time when it was made
// (vessel batches, and the pongs to the pings the app sends every second). The
// newest of them against the node's clock now is how old the picture is: when
// the browser or the link cannot keep up, messages wait in queues and arrive
// old. Shown in node time (what the picture's ages are in), judged in wall time
// (a batch goes out every half second of wall time, whatever the clock speed).

export const LIVE_WALL_MS = 2500; // lag under this is current
export const BEHIND_WALL_MS = 3000; // over this, the picture is behind
export const SETTLE_WALL_MS = 3000; // after being behind, "catching up" this long

export class NodeClock {
  constructor(wall = () => Date.now()) {
    this.wall = wall;
    this.speed = 1;
    this.anchor = null; // node ms at anchorWall
    this.anchorWall = 0;
    this.frozenAt = null; // node ms the picture froze at (node unreachable)
    this.newest = null; // node time of the newest live message
    this.queued = 0; // bytes the node had queued for us at the last pong
  }

  /** An answer from the node: its time (ms) when it answered, at wall time `wall`. */
  sync(t, wall = this.wall(), speed = null) {
    if (t == null || !Number.isFinite(t)) return;
    if (speed > 0 && Number.isFinite(speed)) this.speed = speed;
    // A node restarted with an earlier clock: what was heard from the old one is
    // from the future and says nothing about lag.
    if (this.newest != null && this.newest > t) this.newest = t;
    this.anchor = t;
    this.anchorWall = wall;
  }

  get known() {
    return this.anchor != null;
  }

  /** The node's time now (ms); the frozen time while the node is unreachable. */
  now() {
    if (this.frozenAt != null) return this.frozenAt;
    if (this.anchor == null) return this.wall();
    return this.anchor + (this.wall() - this.anchorWall) * this.speed;
  }

  /** A live message made at node time t (ms) has just been read. */
  heard(t, queued) {
    if (t == null || !Number.isFinite(t)) return;
    if (this.newest == null || t > this.newest) this.newest = t;
    if (typeof queued === 'number') this.queued = queued;
  }

  /** Stops the clock at the newest thing heard (or now): the picture is frozen. */
  freeze() {
    if (this.frozenAt == null) this.frozenAt = this.newest ?? this.now();
    return this.frozenAt;
  }

  thaw() {
    this.frozenAt = null;
  }

  get frozen() {
    return this.frozenAt != null;
  }

  /** How old the newest live message is, in node ms (0 when nothing was heard). */
  lag() {
    if (this.newest == null || this.anchor == null) return 0;
    return Math.max(0, this.now() - this.newest);
  }
}

/**
 * The lag indicator's state: 'live', 'behind' (lag now over the bound) or
 * 'catching-up' (it was, within the last SETTLE_WALL_MS, and is within bounds
 * now), so that a lag a moment long is still seen. `update` takes the lag in
 * node ms and the clock speed.
 */
export class LagMeter {
  constructor(wall = () => Date.now()) {
    this.wall = wall;
    this.state = 'live';
    this.worst = 0; // node ms, the worst lag of the current episode
    this.behindUntil = 0;
  }

  update(lagMs, speed = 1) {
    const wallLag = lagMs / (speed > 0 ? speed : 1);
    const now = this.wall();
    if (wallLag > BEHIND_WALL_MS || (this.state === 'behind' && wallLag >= LIVE_WALL_MS)) {
      if (this.state !== 'behind') this.worst = 0;
      this.state = 'behind';
      this.worst = Math.max(this.worst, lagMs);
      this.behindUntil = now + SETTLE_WALL_MS;
    } else if (this.state !== 'live' && now < this.behindUntil) {
      this.state = 'catching-up';
    } else {
      this.state = 'live';
      this.worst = 0;
    }
    return this.state;
  }
}

/** "17 s", "4 min 10 s", "2 h 5 min": a duration in ms, short. */
export function shortDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * Why the node cannot be reached, in words, from what the browser can tell:
 * a probe of /api/health (`probe`: {status} for an HTTP answer, {network, ms,
 * aborted} for none) and the live socket's last close ({code, reason}).
 * A browser is not told why a connection failed; a failure within a second is
 * a refusal (nothing listens: the node is stopped), a timeout is silence.
 */
export function failureCause({ probe = null, close = null, online = true, host = '' } = {}) {
  if (!online) return 'this device has no network';
  const parts = [];
  if (close && close.code === 1001) parts.push('the node shut down');
  else if (close && close.reason) parts.push(`the node closed the feed: ${close.reason}`);
  if (probe) {
    if (probe.status === 401 || probe.status === 403) parts.push('auth rejected: the token is no longer accepted');
    else if (probe.status === 502 || probe.status === 503 || probe.status === 504) {
      parts.push(`a proxy answers but the node behind it does not (HTTP ${probe.status})`);
    } else if (probe.status >= 400) parts.push(`the node answers HTTP ${probe.status}`);
    else if (probe.aborted) parts.push(`no answer from ${host || 'the node'} within ${Math.round((probe.ms || 0) / 1000)} s`);
    else if (probe.network) {
      parts.push(probe.ms < 1000 ? `connection refused${host ? ` by ${host}` : ''}: the node is not running`
        : `connection to ${host || 'the node'} failed`);
    }
  }
  if (!parts.length) parts.push('the live feed closed');
  return parts.join('; ');
}
