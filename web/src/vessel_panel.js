// The vessel panel: static and voyage data, risk, the vessel's alerts, its track
// over the last hours on the map, and playback of that track with a moving marker.
import { api, qs } from './api.js';
import { esc, parseTime, fullTime, hms, dayTime, ago, num, latlon, riskBand, navStatus, humanKind } from './format.js';
import { setData } from './map.js';
import { maxSpeedKn, trackRuns, mergeNewest } from './freshness.js';

const HOURS = 6;
const PLAY_SECONDS = 20; // a whole track plays in this many seconds

export class VesselPanel {
  constructor(root, { map, vessels, alerts, openAlert, toast, fitPadding, now }) {
    Object.assign(this, { root, map, vessels, alerts, openAlert, toast, fitPadding, now });
    this.mmsi = null;
    this.detail = null;
    this.track = null; // {coords, times, sog, cog}
    this.playing = false;
    this.raf = 0;
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('input', (e) => {
      if (e.target.matches('[data-testid=playback-slider]')) { this.stop(); this.seek(Number(e.target.value) / 1000); }
    });
  }

  close() {
    this.stop();
    this.mmsi = null;
    this.track = null;
    setData(this.map, 'track', null);
    setData(this.map, 'playback', null);
  }

  async show(mmsi) {
    this.stop();
    this.mmsi = mmsi;
    this.detail = null;
    this.track = null;
    setData(this.map, 'playback', null);
    this.render();
    try {
      const d = await api(`/api/vessels/${mmsi}`);
      if (this.mmsi !== mmsi) return;
      this.detail = d;
      // The node's record is the fresher one now: the map takes it too.
      this.vessels.upsert([d]);
      this.render();
    } catch (e) {
      if (this.mmsi === mmsi && e.status !== 404) this.toast(`Vessel ${mmsi}: ${e.message}`);
    }
    this.loadTrack(mmsi);
  }

  /** Called when live data for this vessel arrives. */
  refresh() {
    if (this.mmsi == null || !this.root.querySelector('[data-testid=vessel-panel]')) return;
    const facts = this.root.querySelector('[data-testid=vessel-facts]');
    if (facts) facts.innerHTML = this.factsHtml(this.merged());
    const al = this.root.querySelector('[data-testid=vessel-alerts]');
    if (al) al.innerHTML = this.alertsHtml();
    const risk = this.root.querySelector('[data-testid=vessel-risk]');
    if (risk) risk.outerHTML = this.riskHtml(this.merged());
    this.sizeRiskBar();
  }

  /**
   * The node's record wins: of its answer and the live copy, the one with the later
   * report is the vessel's state (a live copy can be hours old when the vessel sat
   * outside the subscribed box); the other only fills what it lacks.
   */
  merged() {
    return mergeNewest(this.detail, this.vessels.get(this.mmsi));
  }

  riskHtml(v) {
    // No inline styles (the node's CSP forbids them): the band is a class and the bar's
    // width is set through the CSSOM by sizeRiskBar() once the HTML is in place.
    const r = Math.max(0, Math.min(100, Number(v.risk) || 0));
    return `<div class="risk risk-b${riskBand(r)}" data-testid="vessel-risk" data-risk="${r}">
      <div class="risk-l">Risk</div>
      <div class="risk-bar"><div></div></div>
      <div class="risk-v">${r}</div>
    </div>`;
  }

  sizeRiskBar() {
    const el = this.root.querySelector('[data-testid=vessel-risk]');
    const bar = el?.querySelector('.risk-bar > div');
    if (bar) bar.style.width = `${el.dataset.risk}%`;
  }

  factsHtml(v) {
    const t = parseTime(v.time);
    const nav = navStatus(v.nav_status);
    const size = v.length_m ? `${v.length_m} × ${v.beam_m ?? '?'} m` : null;
    const rows = [
      ['MMSI', v.mmsi], ['IMO', v.imo], ['Call sign', v.callsign], ['Type', v.shiptype_text ?? v.shiptype],
      ['AIS class', v.class], ['Destination', v.destination], ['Size', size],
      ['Speed', typeof v.sog === 'number' ? `${num(v.sog)} kn` : null],
      ['Course', typeof v.cog === 'number' ? `${num(v.cog, 0)}°` : null],
      ['Heading', typeof v.heading === 'number' ? `${v.heading}°` : null],
      ['Cruise', typeof v.cruise_kn === 'number' ? `${num(v.cruise_kn)} kn` : null],
      ['Status', nav], ['Position', latlon(v.lat, v.lon)],
      ['Last report', t ? `${hms(t)} <span class="muted">${esc(ago(t, this.now()))}</span>${this.aged(v, t)
        ? '<span class="tag tag-aged" data-testid="vessel-aged" title="Silent past its reporting rate: drawn hollow at its last known position">aged</span>' : ''}` : null, true],
      ['First seen', v.first_seen ? dayTime(parseTime(v.first_seen)) : null],
      ['Marking', v.marking ? `${v.marking.owner || ''}${v.marking.releasable_to?.length ? ' · REL ' + v.marking.releasable_to.join(', ') : ''}` : null],
    ];
    return rows.filter(([, val]) => val !== null && val !== undefined && val !== '')
      .map(([k, val, raw]) => `<dt>${k}</dt><dd>${raw ? val : esc(val)}</dd>`).join('');
  }

  aged(v, t) {
    return this.vessels.age({ ...v, _t: t, _gap: this.vessels.get(this.mmsi)?._gap }) !== 'live';
  }

  alertsHtml() {
    const as = this.alerts.forVessel(this.mmsi).sort((a, b) => (b._t || 0) - (a._t || 0));
    if (!as.length) return '<div class="muted">No alerts.</div>';
    return as.map((a) => `<button class="mini-alert sev-${esc(a.severity || 'info')} st-${a._status}" data-alert="${esc(a.id)}" data-testid="vessel-alert">
        <span class="sev-dot"></span><span class="mini-kind">${esc(humanKind(a.kind))}</span>
        <span class="mini-asset">${esc(a.asset || '')}</span><span class="mini-score">${Number(a.score) || 0}</span>
        <span class="mini-time">${esc(dayTime(a._t))}</span><span class="mini-st">${a._status === 'open' ? '' : esc(a._status)}</span>
      </button>`).join('');
  }

  render() {
    const v = this.merged();
    const title = v.name || `MMSI ${this.mmsi}`;
    this.root.innerHTML = `
      <div class="panel" data-testid="vessel-panel" data-mmsi="${this.mmsi}">
        <div class="panel-head">
          <span class="vessel-glyph risk-b${riskBand(v.risk)}">▲</span>
          <h3 data-testid="vessel-name">${esc(title)}</h3>
          <button class="icon-btn" data-action="close" data-testid="detail-close" aria-label="Close">✕</button>
        </div>
        <div class="panel-body">
          ${this.riskHtml(v)}
          <dl class="facts" data-testid="vessel-facts">${this.factsHtml(v)}</dl>
          <h4>Alerts</h4>
          <div class="mini-alerts" data-testid="vessel-alerts">${this.alertsHtml()}</div>
          <h4>Track · last ${HOURS} h</h4>
          <div class="playback" data-testid="playback">
            <div class="muted" data-testid="track-info">Loading track…</div>
          </div>
        </div>
      </div>`;
    this.sizeRiskBar();
  }

  async loadTrack(mmsi) {
    // The window ends at the vessel's last report (not the node clock), so a vessel
    // that fell silent still shows how it got there.
    const last = parseTime(this.merged().time);
    const to = Math.min(this.now(), last ?? Infinity);
    const from = to - HOURS * 3600e3;
    let f = null;
    try {
      f = await api(`/api/vessels/${mmsi}/track${qs({ from: new Date(from).toISOString(), to: new Date(to + 60e3).toISOString() })}`);
    } catch (e) {
      if (e.status !== 404) console.warn('track', e);
    }
    if (this.mmsi !== mmsi) return;
    const coords = f?.geometry?.coordinates || [];
    const p = f?.properties || {};
    const times = (p.times || []).map(parseTime);
    const box = this.root.querySelector('[data-testid=playback]');
    if (coords.length < 1 || times.length !== coords.length) {
      setData(this.map, 'track', null);
      if (box) box.innerHTML = '<div class="muted" data-testid="track-info">No track in this period.</div>';
      return;
    }
    this.track = { coords, times, sog: p.sog || [], cog: p.cog || [] };
    // One line per run between impossible jumps (freshness.js): no line across the sea.
    const runs = trackRuns(coords, times, maxSpeedKn(this.merged().class));
    const features = [{ type: 'Feature', properties: { breaks: runs.length - 1 },
      geometry: { type: 'MultiLineString', coordinates: runs.map(([a, b]) => coords.slice(a, b)) } }];
    for (const c of coords) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } });
    setData(this.map, 'track', { type: 'FeatureCollection', features });
    if (box) {
      box.innerHTML = `
        <div class="muted" data-testid="track-info">${coords.length} reports · ${esc(dayTime(times[0]))} – ${esc(dayTime(times[times.length - 1]))}</div>
        <div class="pb-row">
          <button class="btn btn-round" data-action="play" data-testid="playback-play" aria-label="Play">▶</button>
          <input type="range" min="0" max="1000" value="1000" data-testid="playback-slider" aria-label="Playback position">
        </div>
        <div class="pb-readout"><span data-testid="playback-time">${esc(fullTime(times[times.length - 1]))}</span><span data-testid="playback-speed"></span></div>`;
    }
    this.seek(1);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of coords) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    this.map.fitBounds([[x0, y0], [x1, y1]], { padding: this.fitPadding(), maxZoom: 11, duration: 600 });
  }

  /** Moves the playback marker to fraction f (0..1) of the track's time span. */
  seek(f) {
    const tr = this.track;
    if (!tr) return;
    this.pos = Math.max(0, Math.min(1, f));
    const { times, coords } = tr;
    const t = times[0] + this.pos * (times[times.length - 1] - times[0]);
    let i = 0;
    while (i < times.length - 2 && times[i + 1] < t) i++;
    const j = Math.min(i + 1, times.length - 1);
    const span = times[j] - times[i];
    const k = span > 0 ? Math.max(0, Math.min(1, (t - times[i]) / span)) : 0;
    const lon = coords[i][0] + k * (coords[j][0] - coords[i][0]);
    const lat = coords[i][1] + k * (coords[j][1] - coords[i][1]);
    setData(this.map, 'playback', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }] });
    const tl = this.root.querySelector('[data-testid=playback-time]');
    if (tl) tl.textContent = fullTime(t);
    const sl = this.root.querySelector('[data-testid=playback-speed]');
    const sog = tr.sog[k < 0.5 ? i : j];
    if (sl) sl.textContent = typeof sog === 'number' ? `${num(sog)} kn` : '';
    const slider = this.root.querySelector('[data-testid=playback-slider]');
    if (slider && document.activeElement !== slider) slider.value = String(Math.round(this.pos * 1000));
  }

  play() {
    if (!this.track) return;
    if (this.pos >= 1) this.pos = 0;
    this.playing = true;
    this.setPlayButton();
    let last = performance.now();
    const step = (now) => {
      if (!this.playing) return;
      const dt = (now - last) / 1000;
      last = now;
      this.seek(this.pos + dt / PLAY_SECONDS);
      if (this.pos >= 1) { this.stop(); return; }
      this.raf = requestAnimationFrame(step);
    };
    this.raf = requestAnimationFrame(step);
  }

  stop() {
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.setPlayButton();
  }

  setPlayButton() {
    const b = this.root.querySelector('[data-testid=playback-play]');
    if (b) {
      b.textContent = this.playing ? '❚❚' : '▶';
      b.setAttribute('aria-label', this.playing ? 'Pause' : 'Play');
    }
  }

  onClick(e) {
    if (this.mmsi == null || !this.root.querySelector('[data-testid=vessel-panel]')) return;
    const a = e.target.closest('[data-alert]');
    if (a) { this.openAlert(a.dataset.alert); return; }
    const t = e.target.closest('[data-action]');
    if (t?.dataset.action === 'play') {
      if (this.playing) this.stop(); else this.play();
    }
  }
}
