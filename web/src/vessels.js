// The live vessel picture on the client: a Map keyed by MMSI, merged from
// GET /api/vessels and the WebSocket batches, drawn as one GeoJSON source that is
// rebuilt at most once per animation frame (cheap for thousands of vessels).
//
// The node's record wins: a state older than the one held (a slow HTTP answer
// landing after a newer batch) never replaces it. Each vessel's age is judged in
// the node's time (freshness.js): silent past its threshold it is drawn aged at
// its last known position; silent much longer it leaves the map (it stays in the
// store, so an alert can still open its panel).
import { setData } from './map.js';
import { ageState, learnGap } from './freshness.js';
import { parseTime } from './format.js';

export class VesselStore {
  constructor(map, onChange, clock) {
    this.map = map;
    this.byMmsi = new Map();
    this.onChange = onChange;
    this.clock = clock; // NodeClock: now() and speed
    this.pending = false;
    this.latest = null; // newest event time seen (ms)
  }

  upsert(list) {
    for (const v of list) {
      if (typeof v.mmsi !== 'number') continue;
      const t = parseTime(v.time);
      const prev = this.byMmsi.get(v.mmsi);
      if (prev) {
        if (t != null && prev._t != null && t < prev._t) continue; // older than ours
        if (t != null && prev._t != null && t > prev._t) prev._gap = learnGap(prev._gap, t - prev._t);
        Object.assign(prev, v);
        if (t != null) prev._t = t;
      } else {
        this.byMmsi.set(v.mmsi, { ...v, _t: t });
      }
      if (t != null && (this.latest == null || t > this.latest)) this.latest = t;
    }
    this.schedule();
  }

  /** The node's whole answer replaces what is held (after a reconnection or a restart). */
  replace(list) {
    this.byMmsi.clear();
    this.latest = null;
    this.upsert(list);
  }

  remove(mmsis) {
    for (const m of mmsis) this.byMmsi.delete(m);
    this.schedule();
  }

  get(mmsi) {
    return this.byMmsi.get(mmsi);
  }

  get size() {
    return this.byMmsi.size;
  }

  /** 'live', 'aged' or 'gone' now, in the node's time. */
  age(v) {
    return ageState(v, v._t, this.clock?.now(), this.clock?.speed);
  }

  /** Called every second or so: redraws when some vessel's age changed. */
  tick() {
    if (this.pending) return;
    for (const v of this.byMmsi.values()) {
      if (typeof v.lat === 'number' && this.age(v) !== v._age) { this.schedule(); return; }
    }
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.redraw();
    });
  }

  redraw() {
    const features = [];
    let aged = 0;
    for (const v of this.byMmsi.values()) {
      if (typeof v.lat !== 'number' || typeof v.lon !== 'number') continue;
      v._age = this.age(v);
      if (v._age === 'gone') continue;
      const props = { mmsi: v.mmsi, risk: v.risk || 0, age: v._age };
      if (v._age === 'aged') aged++;
      // Heading when reported; course over ground when moving; otherwise a dot.
      if (typeof v.heading === 'number' && v.heading >= 0 && v.heading < 360) props.hdg = v.heading;
      else if (typeof v.cog === 'number' && v.cog < 360 && (v.sog || 0) >= 0.5) props.hdg = v.cog;
      features.push({ type: 'Feature', id: v.mmsi, properties: props, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } });
    }
    setData(this.map, 'vessels', { type: 'FeatureCollection', features });
    this.onChange?.(features.length, aged);
  }
}
