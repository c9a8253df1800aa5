// The live vessel picture on the client: a Map keyed by MMSI, merged from
// GET /api/vessels and the WebSocket batches, drawn as one GeoJSON source that is
// rebuilt at most once per animation frame (cheap for thousands of vessels).
import { setData } from './map.js';

export class VesselStore {
  constructor(map, onChange) {
    this.map = map;
    this.byMmsi = new Map();
    this.onChange = onChange;
    this.pending = false;
    this.latest = null; // newest event time seen (ms)
  }

  upsert(list) {
    for (const v of list) {
      if (typeof v.mmsi !== 'number') continue;
      const prev = this.byMmsi.get(v.mmsi);
      this.byMmsi.set(v.mmsi, prev ? Object.assign(prev, v) : { ...v });
      const t = Date.parse(v.time);
      if (Number.isFinite(t) && (this.latest == null || t > this.latest)) this.latest = t;
    }
    this.schedule();
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
    for (const v of this.byMmsi.values()) {
      if (typeof v.lat !== 'number' || typeof v.lon !== 'number') continue;
      const props = { mmsi: v.mmsi, risk: v.risk || 0 };
      // Heading when reported; course over ground when moving; otherwise a dot.
      if (typeof v.heading === 'number' && v.heading >= 0 && v.heading < 360) props.hdg = v.heading;
      else if (typeof v.cog === 'number' && v.cog < 360 && (v.sog || 0) >= 0.5) props.hdg = v.cog;
      features.push({ type: 'Feature', id: v.mmsi, properties: props, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } });
    }
    setData(this.map, 'vessels', { type: 'FeatureCollection', features });
    this.onChange?.(features.length);
  }
}
