// The air picture the node pushes over /api/live: on subscribing, a snapshot of
// every air track the caller may see ("air" messages with "snapshot":true, the last
// with "complete":true), then with each batch the tracks that are new or changed
// (their whole state) and those that ended ({"track":id,"ended":true}). AirPicture
// applies them to a Map of track id -> latest state (pure: node --test covers it);
// AirLayer draws that Map on the map: symbols, trails, operator markers and the
// HTML identity labels (the offline map has no glyphs for text layers).
import { airFeatures, airLabel } from './air.js';

export class AirPicture {
  constructor(tracks = new Map()) {
    this.tracks = tracks;
    this.inSnapshot = false;
    this.seen = false; // an air message has come: the node has an air picture
  }

  /** Applies one "air" message; returns whether the picture changed. */
  apply(msg) {
    if (msg?.type !== 'air') return false;
    this.seen = true;
    if (msg.snapshot && !this.inSnapshot) this.tracks.clear(); // a new snapshot replaces all
    this.inSnapshot = !!msg.snapshot && !msg.complete;
    for (const t of Array.isArray(msg.tracks) ? msg.tracks : []) {
      if (t?.track == null) continue;
      if (t.ended) this.tracks.delete(t.track);
      else this.tracks.set(t.track, t);
    }
    return true;
  }
}

export class AirLayer {
  /**
   * map, maplibregl, setData (map.js), panel (AirPanel), now (node clock),
   * onCount(n | null): the number of tracks, null while the node has sent no air picture.
   */
  constructor({ map, maplibregl, setData, panel, now, onCount, tracks }) {
    Object.assign(this, { map, maplibregl, setData, panel, now, onCount });
    this.picture = new AirPicture(tracks);
    this.labels = new Map(); // track id -> maplibregl.Marker
    this.onCount(null);
    // A track nobody reports on goes stale without a message: redraw now and then.
    this.timer = setInterval(() => { if (this.picture.seen) this.draw(); }, 2000);
  }

  get tracks() { return this.picture.tracks; }

  apply(msg) {
    if (this.picture.apply(msg)) this.draw();
  }

  draw() {
    const tracks = [...this.picture.tracks.values()];
    const f = airFeatures(tracks, this.now());
    this.setData(this.map, 'air', f.points);
    this.setData(this.map, 'air-trails', f.trails);
    this.setData(this.map, 'air-operators', f.operators);
    this.drawLabels(tracks);
    this.panel.refresh(this.picture.tracks);
    this.onCount(tracks.length);
  }

  drawLabels(tracks) {
    const keep = new Set();
    for (const t of tracks) {
      const text = airLabel(t);
      if (!text || typeof t.lat !== 'number') continue;
      keep.add(t.track);
      let m = this.labels.get(t.track);
      if (!m) {
        const el = document.createElement('div');
        el.className = 'air-label';
        el.dataset.testid = 'air-label';
        m = new this.maplibregl.Marker({ element: el, anchor: 'left', offset: [10, 0] });
        this.labels.set(t.track, m);
        m.setLngLat([t.lon, t.lat]).addTo(this.map);
      }
      const el = m.getElement();
      el.dataset.track = t.track;
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('emergency', !!t.identity?.emergency);
      m.setLngLat([t.lon, t.lat]);
    }
    for (const [id, m] of this.labels) if (!keep.has(id)) { m.remove(); this.labels.delete(id); }
  }
}
