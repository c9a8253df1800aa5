// The air track panel: class with its probabilities, status, speed/course/altitude,
// first seen and last detected, the cooperative identity (ADS-B or Remote ID, with
// the operator's position) and the sensors that detected it. Refreshed from each
// poll of GET /api/air/tracks while open; a track that is gone says so.
import { esc, fullTime, parseTime, ago, num, latlon } from './format.js';
import { airClass, airLabel, isStale, classProbabilities, identitySource } from './air.js';

export class AirPanel {
  constructor(root, { map, now }) {
    Object.assign(this, { root, map, now });
    this.id = null;
    this.last = null;
  }

  close() {
    this.id = null;
    this.last = null;
    if (this.map.getLayer('air-selected')) this.map.setFilter('air-selected', ['==', ['get', 'track'], '']);
  }

  show(track) {
    this.id = track.track;
    this.last = track;
    if (this.map.getLayer('air-selected')) this.map.setFilter('air-selected', ['==', ['get', 'track'], track.track]);
    this.render(track, false);
  }

  /** A new poll: redraw with the track's latest state, or mark it as no longer tracked. */
  refresh(byId) {
    if (this.id == null || !this.root.querySelector('[data-testid=air-panel]')) return;
    const t = byId.get(this.id);
    if (t) this.last = t;
    this.render(this.last, !t);
  }

  render(t, gone) {
    const cls = airClass(t);
    const now = this.now();
    const stale = isStale(t, now);
    const label = airLabel(t);
    const probs = classProbabilities(t).map(([c, p]) => `<div class="prob-row" data-class="${esc(c)}">
        <span class="prob-name">${esc(c)}</span>
        <span class="prob-bar"><i class="air-${esc(airClass({ class: c }))}" data-width="${Math.round(Math.max(0, Math.min(1, p)) * 100)}"></i></span>
        <span class="prob-v">${Math.round(p * 100)}%</span></div>`).join('');
    const id = t.identity;
    let identity = '<div class="muted" data-testid="air-identity-none">No cooperative identity (no ADS-B or Remote ID report matches).</div>';
    if (id && id.source) {
      const rows = [['Source', identitySource(id.source)]];
      if (id.source === 'adsb') {
        rows.push(['ICAO address', id.id], ['Callsign', id.callsign], ['Squawk', id.squawk ? `${id.squawk}${id.emergency ? ' (emergency)' : ''}` : null]);
      } else {
        rows.push(['Serial', id.serial], ['Transmitter', id.id], ['Operator id', id.operator_id],
          ['Operator', id.operator ? latlon(id.operator.lat, id.operator.lon) : null]);
      }
      rows.push(['Last report', id.last_report ? fullTime(parseTime(id.last_report)) : null]);
      identity = `<dl class="facts" data-testid="air-identity" data-source="${esc(id.source)}">${rows.filter(([, v]) => v)
        .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
    }
    const first = parseTime(t.first_seen);
    const lastDet = parseTime(t.last_detected);
    const sensors = Array.isArray(t.sensors) && t.sensors.length ? t.sensors.join(', ') : '—';
    const state = gone ? 'no longer tracked' : stale && t.status !== 'coasting' ? `${t.status}, stale` : t.status;
    this.root.innerHTML = `
      <div class="panel air-panel" data-testid="air-panel" data-track="${esc(t.track)}" data-class="${esc(cls)}" data-stale="${stale || gone}">
        <div class="panel-head">
          <span class="air-swatch air-${esc(cls)}"></span>
          <h3>Air track ${esc(t.track)}${label ? ` · ${esc(label)}` : ''}</h3>
          <button class="icon-btn" data-action="close" data-testid="detail-close" aria-label="Close">✕</button>
        </div>
        <div class="panel-body">
          <dl class="facts" data-testid="air-facts">
            <dt>Class</dt><dd data-testid="air-class">${esc(cls)}</dd>
            <dt>Status</dt><dd data-testid="air-status" data-status="${esc(gone ? 'gone' : t.status)}">${esc(state)}</dd>
            <dt>Speed</dt><dd>${num(t.speed)} m/s</dd>
            <dt>Course</dt><dd>${num(t.course, 0)}°</dd>
            <dt>Altitude</dt><dd>${num(t.alt_m, 0)} m</dd>
            <dt>Position</dt><dd>${esc(latlon(t.lat, t.lon))}</dd>
            <dt>First seen</dt><dd>${esc(fullTime(first))}</dd>
            <dt>Last detected</dt><dd data-testid="air-last-detected">${esc(fullTime(lastDet))} <span class="muted">${esc(ago(lastDet, now))}</span></dd>
            <dt>Sensors</dt><dd data-testid="air-sensors">${esc(sensors)}</dd>
            ${t.marking ? `<dt>Marking</dt><dd class="marking">${esc(t.marking.owner || '')}${t.marking.releasable_to?.length ? ' · REL ' + esc(t.marking.releasable_to.join(', ')) : ''}</dd>` : ''}
          </dl>
          <h4>Class probabilities</h4>
          <div class="probs" data-testid="air-class-probs">${probs || '<div class="muted">none</div>'}</div>
          <h4>Identity</h4>
          ${identity}
        </div>
      </div>`;
    // Widths through the CSSOM: the node's Content-Security-Policy refuses style attributes.
    for (const bar of this.root.querySelectorAll('.prob-bar i[data-width]')) bar.style.width = `${bar.dataset.width}%`;
  }
}
