// The alert detail panel: summary, facts, speed-over-time plot, evidence table,
// the evidence on the map (fitted): a vessel's segment, or for the drone alerts the
// air track's segment, the zone it concerns and the launch point (with the vessel
// there), and acknowledgement with a comment.
import { api, qs } from './api.js';
import { esc, parseTime, fullTime, dayTime, humanKind, humanKey, evidenceValue, latlon } from './format.js';
import { setData } from './map.js';
import { speedPlot } from './speed_plot.js';
import { showIntercept, clearIntercept } from './intercept.js';

const HOUR = 3600e3;

// The evidence keys drawn on the map or summarised, not listed raw.
const DRAWN = new Set(['segment', 'track_segment']);

/**
 * The alert's track segment as [lon, lat, time] points: a vessel alert's `segment`
 * ([lon, lat, time]) or a drone alert's `track_segment` ([lon, lat, alt_m, time]).
 */
export function evidenceSegment(ev) {
  if (Array.isArray(ev?.segment)) return ev.segment.filter((p) => Array.isArray(p) && p.length >= 2);
  if (Array.isArray(ev?.track_segment)) {
    return ev.track_segment.filter((p) => Array.isArray(p) && p.length >= 2).map((p) => [p[0], p[1], p[3]]);
  }
  return [];
}

const lonLat = (p) => (p && typeof p.lat === 'number' && typeof p.lon === 'number' ? [p.lon, p.lat] : null);

export class AlertDetail {
  constructor(root, { map, alerts, me, vesselName, openVessel, openAir, airTrack, toast, fitPadding }) {
    Object.assign(this, { root, map, alerts, me, vesselName, openVessel, openAir, airTrack, toast, fitPadding });
    this.id = null;
    this.plotToken = 0;
    alerts.subscribe((changed) => {
      if (this.id && changed.some((a) => a.id === this.id)) this.refreshStatus();
    });
    root.addEventListener('click', (e) => this.onClick(e));
  }

  get alert() {
    return this.alerts.get(this.id);
  }

  close() {
    this.id = null;
    setData(this.map, 'evidence', null);
    this.highlightAsset(null);
    clearIntercept(this.map);
  }

  highlightAsset(id) {
    const f = ['==', ['get', 'id'], id ?? '__none__'];
    for (const l of ['asset-line-hover', 'asset-point-selected']) if (this.map.getLayer(l)) this.map.setFilter(l, f);
  }

  async show(id) {
    this.id = id;
    let a = this.alerts.get(id);
    if (!a) {
      try {
        a = await api(`/api/alerts/${encodeURIComponent(id)}`);
        this.alerts.upsert([a]);
      } catch (e) {
        this.toast(`Alert ${id}: ${e.message}`);
        return;
      }
    }
    if (this.id !== id) return;
    this.render(a);
    this.drawEvidence(a);
    this.loadPlot(a);
    showIntercept(this.map, this.root.querySelector('[data-testid=intercept-block]'), id, () => this.id === id);
  }

  render(a) {
    const sev = a.severity || 'info';
    const who = (a.mmsi || []).map((m) => `<button class="link" data-vessel="${m}" data-testid="alert-vessel-link">${esc(this.vesselName(m))}</button>`).join(', ');
    const ev = a.evidence && typeof a.evidence === 'object' ? a.evidence : {};
    const rows = Object.keys(ev).filter((k) => !DRAWN.has(k)).sort().map((k) =>
      `<tr><th>${esc(humanKey(k))}</th><td>${esc(evidenceValue(k, ev[k]))}</td></tr>`);
    const seg = evidenceSegment(ev);
    if (seg.length) {
      const s0 = parseTime(seg[0][2]);
      const s1 = parseTime(seg[seg.length - 1][2]);
      rows.push(`<tr><th>Track segment</th><td>${seg.length} reports, ${esc(dayTime(s0))} – ${esc(dayTime(s1))}</td></tr>`);
    }
    this.root.innerHTML = `
      <div class="panel sev-${esc(sev)}" data-testid="alert-detail" data-alert-id="${esc(a.id)}">
        <div class="panel-head">
          <span class="sev-badge">${esc(sev)}</span>
          <h3>${esc(humanKind(a.kind))}</h3>
          <span class="score-pill" title="score 0–100">${Number(a.score) || 0}</span>
          <button class="icon-btn" data-action="close" data-testid="detail-close" aria-label="Close">✕</button>
        </div>
        <div class="panel-body">
          <p class="summary" data-testid="alert-summary">${esc(a.summary)}</p>
          <dl class="facts">
            <dt>Status</dt><dd data-testid="alert-status" data-status="${esc(a._status)}"><span class="status st-${esc(a._status)}">${esc(a._status)}</span></dd>
            ${who ? `<dt>Vessel</dt><dd>${who}</dd>` : ''}
            ${a.track ? `<dt>Air track</dt><dd>${this.airTrack?.(a.track) ? `<button class="link" data-air="${esc(a.track)}" data-testid="alert-air-link">${esc(a.track)}</button>` : `${esc(a.track)} <span class="muted">(no longer tracked)</span>`}</dd>` : ''}
            ${a.asset ? `<dt>Asset</dt><dd>${esc(a.asset)}</dd>` : ''}
            <dt>Time</dt><dd>${esc(fullTime(a._t))}</dd>
            ${a.first_time && a.first_time !== a.time ? `<dt>First raised</dt><dd>${esc(fullTime(parseTime(a.first_time)))}</dd>` : ''}
            <dt>Position</dt><dd>${esc(latlon(a.lat, a.lon))}</dd>
            ${a.marking ? `<dt>Marking</dt><dd class="marking">${esc(a.marking.owner || '')}${a.marking.releasable_to?.length ? ' · REL ' + esc(a.marking.releasable_to.join(', ')) : ''}</dd>` : ''}
            <dt>Alert id</dt><dd class="mono">${esc(a.id)}</dd>
          </dl>
          <h4>Speed over time</h4>
          <div class="plot-wrap" data-testid="speed-plot-wrap"><div class="plot-empty">Loading track…</div></div>
          <div class="plot-legend"><span><i class="k-speed"></i>speed</span><span><i class="k-window"></i>evidence window</span><span><i class="k-cruise"></i>cruise</span><span><i class="k-alert"></i>alert</span></div>
          <h4>Evidence</h4>
          <table class="evidence" data-testid="evidence-table"><tbody>${rows.join('') || '<tr><td>none</td></tr>'}</tbody></table>
          <h4>Intercept</h4>
          <div data-testid="intercept-block"></div>
          <h4>Acknowledgement</h4>
          <div class="ack" data-testid="ack-block"></div>
        </div>
      </div>`;
    this.renderAck(a);
  }

  renderAck(a) {
    const box = this.root.querySelector('[data-testid=ack-block]');
    if (!box) return;
    if (a._status === 'acknowledged' && a.ack) {
      box.innerHTML = `<div class="ack-info" data-testid="ack-info">
          <div><span class="ok">✓</span> Acknowledged by <b>${esc(a.ack.by)}</b> (${esc(a.ack.nation || '')}) at ${esc(fullTime(parseTime(a.ack.time)))}</div>
          ${a.ack.comment ? `<blockquote data-testid="ack-comment-text">${esc(a.ack.comment)}</blockquote>` : ''}
        </div>`;
      return;
    }
    if (a._status === 'acknowledged') {
      box.innerHTML = '<div class="ack-info" data-testid="ack-info"><span class="ok">✓</span> Acknowledged</div>';
      return;
    }
    if (a._status === 'retracted') {
      box.innerHTML = '<div class="muted">Retracted by the detector; nothing to acknowledge.</div>';
      return;
    }
    const canAck = this.me.role === 'operator' || this.me.role === 'admin';
    box.innerHTML = `
      <textarea data-testid="ack-comment" rows="2" maxlength="2000" placeholder="Comment (what was done, who was told)" ${canAck ? '' : 'disabled'}></textarea>
      <div class="ack-row">
        <button class="btn btn-primary" data-action="ack" data-testid="ack-button" ${canAck ? '' : 'disabled'}>Acknowledge</button>
        ${canAck ? '' : `<span class="muted" data-testid="ack-denied">Role “${esc(this.me.role)}” cannot acknowledge.</span>`}
      </div>`;
  }

  refreshStatus() {
    const a = this.alert;
    if (!a || !this.root.querySelector('[data-testid=alert-detail]')) return;
    const st = this.root.querySelector('[data-testid=alert-status]');
    if (st) {
      st.dataset.status = a._status;
      st.innerHTML = `<span class="status st-${esc(a._status)}">${esc(a._status)}</span>`;
    }
    const typing = this.root.querySelector('[data-testid=ack-comment]');
    if (a._status !== 'open' || !typing) this.renderAck(a);
  }

  async onClick(e) {
    const t = e.target.closest('[data-action], [data-vessel], [data-air]');
    if (!t || !this.id || !this.root.querySelector('[data-testid=alert-detail]')) return;
    if (t.dataset.vessel) {
      this.openVessel(Number(t.dataset.vessel));
    } else if (t.dataset.air) {
      this.openAir?.(t.dataset.air);
    } else if (t.dataset.action === 'ack') {
      const id = this.id;
      const comment = this.root.querySelector('[data-testid=ack-comment]')?.value.trim() || '';
      t.disabled = true;
      t.textContent = 'Acknowledging…';
      try {
        const a = await api(`/api/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST', body: { comment } });
        this.alerts.upsert([a]);
        if (this.id === id) this.refreshStatus();
      } catch (err) {
        this.toast(err.status === 403 ? 'Your role may not acknowledge alerts.' : `Acknowledge failed: ${err.message}`);
        t.disabled = false;
        t.textContent = 'Acknowledge';
      }
    }
  }

  drawEvidence(a) {
    const ev = a.evidence && typeof a.evidence === 'object' ? a.evidence : {};
    const seg = evidenceSegment(ev);
    const features = [];
    if (seg.length >= 2) {
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: seg.map((p) => [p[0], p[1]]) } });
    }
    seg.forEach((p, i) => features.push({ type: 'Feature', properties: { role: i === 0 ? 'start' : i === seg.length - 1 ? 'end' : 'mid' },
      geometry: { type: 'Point', coordinates: [p[0], p[1]] } }));
    const pts = seg.map((p) => [p[0], p[1]]);
    const ap = ev.asset_point;
    if (Array.isArray(ap) && ap.length === 2) features.push({ type: 'Feature', properties: { role: 'asset' }, geometry: { type: 'Point', coordinates: ap } });
    // drone_origin: where the drone was launched and the vessel that was there.
    const launch = lonLat(ev.launch_point);
    const vessel = lonLat(ev.vessel_position);
    if (launch) features.push({ type: 'Feature', properties: { role: 'launch' }, geometry: { type: 'Point', coordinates: launch } });
    if (vessel) features.push({ type: 'Feature', properties: { role: 'vessel' }, geometry: { type: 'Point', coordinates: vessel } });
    if (launch && seg.length) {
      features.push({ type: 'Feature', properties: { role: 'launch-link' }, geometry: { type: 'LineString', coordinates: [launch, [seg[0][0], seg[0][1]]] } });
    }
    for (const p of [launch, vessel]) if (p) pts.push(p);
    setData(this.map, 'evidence', { type: 'FeatureCollection', features });
    // The zone or asset the alert concerns (drone_incursion, drone_approach).
    this.highlightAsset(typeof a.asset === 'string' ? a.asset : null);

    if (typeof a.lon === 'number' && typeof a.lat === 'number') pts.push([a.lon, a.lat]);
    if (!pts.length) return;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of pts) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    this.map.fitBounds([[x0, y0], [x1, y1]], { padding: this.fitPadding(), maxZoom: 12, duration: 600 });
  }

  async loadPlot(a) {
    const token = ++this.plotToken;
    const wrap = () => this.root.querySelector('[data-testid=speed-plot-wrap]');
    const mmsi = a.mmsi?.[0];
    const seg = evidenceSegment(a.evidence);
    const s0 = seg.length ? parseTime(seg[0][2]) : null;
    const s1 = seg.length ? parseTime(seg[seg.length - 1][2]) : null;
    const at = a._t;
    if (!mmsi || !at) {
      const w = wrap();
      if (w) w.innerHTML = `<div class="plot-empty" data-testid="speed-plot">${a.track ? 'An air alert: its track is on the map and in the evidence.' : 'No vessel track for this alert.'}</div>`;
      return;
    }
    const from = Math.min(s0 ?? at, at) - HOUR;
    const to = at + HOUR / 2;
    let points = [];
    try {
      const f = await api(`/api/vessels/${mmsi}/track${qs({ from: new Date(from).toISOString(), to: new Date(to).toISOString() })}`);
      const p = f?.properties || {};
      points = (p.times || []).map((t, i) => ({ t: parseTime(t), sog: p.sog?.[i] }));
    } catch (e) {
      if (e.status !== 404) console.warn('track', e);
    }
    if (token !== this.plotToken || this.id !== a.id) return;
    const w = wrap();
    if (w) w.innerHTML = speedPlot(points, { window: s0 && s1 ? [s0, s1] : null, cruise: a.evidence?.cruise_kn, alertTime: at });
  }
}
