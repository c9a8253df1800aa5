// The alert inbox: the list with its state/kind filters and sort order, drawn from
// the AlertStore (alert_store.js, which holds the alerts and the filter logic).
import { esc, hms, dayTime, humanKind } from './format.js';
import { setData } from './map.js';
import { SEV_RANK, visibleAlerts } from './alert_store.js';

export { AlertStore, alertStatus } from './alert_store.js';

export class Inbox {
  constructor(root, store, { onSelect, vesselName, map }) {
    this.root = root;
    this.store = store;
    this.onSelect = onSelect;
    this.vesselName = vesselName;
    this.map = map;
    this.filter = { state: 'open', kind: '' };
    this.sort = 'time';
    this.selected = null;
    this.fresh = new Set();
    this.list = root.querySelector('[data-testid=inbox-list]');
    this.empty = root.querySelector('[data-testid=inbox-empty]');
    this.count = root.querySelector('[data-testid=inbox-count]');
    this.kindSel = root.querySelector('[data-testid=filter-kind]');
    this.sortSel = root.querySelector('[data-testid=sort-by]');
    this.kinds = new Set();
    this.pending = false;

    root.querySelectorAll('[data-testid=filter-state] button').forEach((b) => {
      b.addEventListener('click', () => {
        root.querySelectorAll('[data-testid=filter-state] button').forEach((x) => x.classList.toggle('on', x === b));
        this.filter.state = b.dataset.state;
        this.render();
      });
    });
    this.kindSel.addEventListener('change', () => { this.filter.kind = this.kindSel.value; this.render(); });
    this.sortSel.addEventListener('change', () => { this.sort = this.sortSel.value; this.render(); });
    this.list.addEventListener('click', (e) => {
      const li = e.target.closest('[data-alert-id]');
      if (li) this.onSelect(li.dataset.alertId);
    });
    this.list.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const li = e.target.closest('[data-alert-id]');
      if (li) this.onSelect(li.dataset.alertId);
    });
    store.subscribe((changed) => {
      for (const a of changed) if (a._status === 'open') this.fresh.add(a.id);
      this.schedule();
    });
  }

  select(id) {
    this.selected = id;
    this.render();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  visible() {
    return visibleAlerts(this.store.all(), this.filter, this.sort);
  }

  updateKinds() {
    let added = false;
    for (const a of this.store.all()) if (a.kind && !this.kinds.has(a.kind)) { this.kinds.add(a.kind); added = true; }
    if (!added) return;
    const cur = this.kindSel.value;
    this.kindSel.innerHTML = '<option value="">All kinds</option>' +
      [...this.kinds].sort().map((k) => `<option value="${esc(k)}">${esc(humanKind(k))}</option>`).join('');
    this.kindSel.value = cur;
  }

  rowHtml(a) {
    const sev = SEV_RANK[a.severity] != null ? a.severity : 'info';
    const who = (a.mmsi || []).map((m) => this.vesselName(m)).join(', ') || (a.track ? `air ${a.track}` : '');
    const status = a._status;
    return `<div class="row-top">
        <span class="sev-badge">${esc(sev)}</span>
        <span class="row-kind">${esc(humanKind(a.kind))}</span>
        <span class="row-score" title="score">${Number(a.score) || 0}</span>
        <span class="row-time" title="${esc(a.time)}">${a._t ? dayTime(a._t) : ''}</span>
      </div>
      <div class="row-summary">${esc(a.summary)}</div>
      <div class="row-meta">${esc(who)}${a.asset ? ` <span class="sep">·</span> ${esc(a.asset)}` : ''}${status !== 'open' ? ` <span class="row-state">${status === 'acknowledged' ? '✓ acknowledged' : 'retracted'}</span>` : ''}</div>`;
  }

  /** Keyed update: rows are reused, so a row being clicked is never swapped out. */
  render() {
    this.updateKinds();
    const as = this.visible().slice(0, 500);
    this.rows ||= new Map();
    const keep = new Set();
    let i = 0;
    for (const a of as) {
      keep.add(a.id);
      let row = this.rows.get(a.id);
      if (!row) {
        const li = document.createElement('li');
        li.tabIndex = 0;
        li.dataset.testid = 'inbox-row';
        li.dataset.alertId = a.id;
        row = { li, html: '' };
        this.rows.set(a.id, row);
      }
      const sev = SEV_RANK[a.severity] != null ? a.severity : 'info';
      const cls = ['alert-row', `sev-${sev}`, `st-${a._status}`];
      if (a.id === this.selected) cls.push('selected');
      if (this.fresh.has(a.id)) cls.push('fresh');
      const className = cls.join(' ');
      if (row.li.className !== className) row.li.className = className;
      row.li.dataset.status = a._status;
      row.li.dataset.kind = a.kind || '';
      const html = this.rowHtml(a);
      if (row.html !== html) { row.li.innerHTML = html; row.html = html; }
      const at = this.list.children[i];
      if (at !== row.li) this.list.insertBefore(row.li, at || null);
      i++;
    }
    for (const [id, row] of this.rows) {
      if (!keep.has(id)) { row.li.remove(); this.rows.delete(id); }
    }
    this.fresh.clear();
    this.empty.hidden = as.length > 0;
    this.count.textContent = `${as.length} shown`;
    this.count.dataset.count = String(as.length);
    this.drawOnMap(as);
  }

  drawOnMap(as) {
    const features = [];
    for (const a of as) {
      if (typeof a.lat !== 'number' || typeof a.lon !== 'number') continue;
      features.push({ type: 'Feature', properties: { id: a.id, severity: a.severity, status: a._status, selected: a.id === this.selected },
        geometry: { type: 'Point', coordinates: [a.lon, a.lat] } });
    }
    setData(this.map, 'alerts', { type: 'FeatureCollection', features });
  }
}

export { hms };
