// Alerts on the client: the store (from GET /api/alerts, then every `alert` message
// of the WebSocket) and the inbox's filter and sort order. No DOM here, so that
// `node --test` runs it (web/test/).
import { parseTime } from './format.js';

export function alertStatus(a) {
  if (a.status) return a.status;
  if (a.state === 'retract' || a.state === 'retracted') return 'retracted';
  if (a.state === 'acknowledged') return 'acknowledged';
  return 'open';
}

export const SEV_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export class AlertStore {
  constructor() {
    this.byId = new Map();
    this.listeners = new Set();
  }

  upsert(list) {
    for (const a of list) {
      if (!a || typeof a.id !== 'string') continue;
      a._t = parseTime(a.time);
      a._status = alertStatus(a);
      this.byId.set(a.id, a);
    }
    for (const fn of this.listeners) fn(list);
  }

  get(id) {
    return this.byId.get(id);
  }

  all() {
    return [...this.byId.values()];
  }

  forVessel(mmsi) {
    return this.all().filter((a) => Array.isArray(a.mmsi) && a.mmsi.includes(mmsi));
  }

  openCount() {
    let n = 0;
    for (const a of this.byId.values()) if (a._status === 'open') n++;
    return n;
  }

  subscribe(fn) {
    this.listeners.add(fn);
  }
}

/**
 * The alerts the inbox shows: `filter.state` ('open', 'acknowledged', 'retracted'
 * or 'all') and `filter.kind` ('' = every kind), newest first (`sort` 'time') or
 * highest score first (`sort` 'score'), each order broken by the other.
 * Returns a new array; `alerts` is not reordered.
 */
export function visibleAlerts(alerts, filter, sort) {
  let as = [...alerts];
  if (filter.state !== 'all') as = as.filter((a) => a._status === filter.state);
  if (filter.kind) as = as.filter((a) => a.kind === filter.kind);
  if (sort === 'score') as.sort((a, b) => (b.score - a.score) || ((b._t || 0) - (a._t || 0)));
  else as.sort((a, b) => ((b._t || 0) - (a._t || 0)) || (b.score - a.score));
  return as;
}
