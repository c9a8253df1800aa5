// Lookout web UI entry point: token login, then the live map, the alert inbox and
// the detail panels, wired to the node's HTTP API and its /api/live WebSocket.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import maplibregl from 'maplibre-gl';
import { api, qs, getToken, setToken, onUnauthorized } from './api.js';
import { createMap, setData } from './map.js';
import { VesselStore } from './vessels.js';
import { AlertStore, Inbox } from './alerts.js';
import { AlertDetail } from './alert_detail.js';
import { VesselPanel } from './vessel_panel.js';
import { AirPanel } from './air_panel.js';
import { airFeatures, airLabel } from './air.js';
import { prepareAssets, assetPopupHtml } from './assets.js';
import { LiveClient } from './live.js';
import { installUnits } from './units.js';
import { esc, hms, latlon, num, parseTime } from './format.js';

const $ = (sel, root = document) => root.querySelector(sel);
const MSG_KEY = 'lookout.loginMessage';

// ---------------------------------------------------------------- login

function showLogin(message) {
  $('#app').hidden = true;
  const box = $('#login');
  box.hidden = false;
  const err = $('[data-testid=login-error]');
  err.textContent = message || '';
  err.hidden = !message;
  $('[data-testid=login-token]').focus();
}

function endSession(message) {
  setToken(null);
  sessionStorage.setItem(MSG_KEY, message);
  location.reload();
}

$('[data-testid=login-form]').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('[data-testid=login-token]');
  const token = input.value.trim();
  if (!token) return;
  const btn = $('[data-testid=login-submit]');
  btn.disabled = true;
  try {
    const me = await api('/api/me', { token, quiet401: true });
    setToken(token);
    input.value = '';
    $('#login').hidden = true;
    startApp(me, token);
  } catch (err) {
    showLogin(err.status === 401 ? 'That token was not accepted.' : err.message);
  } finally {
    btn.disabled = false;
  }
});

async function boot() {
  const message = sessionStorage.getItem(MSG_KEY);
  sessionStorage.removeItem(MSG_KEY);
  const token = getToken();
  if (!token) { showLogin(message); return; }
  try {
    const me = await api('/api/me', { token, quiet401: true });
    startApp(me, token);
  } catch (err) {
    if (err.status === 401) { setToken(null); showLogin('Your session has ended: the token is no longer accepted.'); } else showLogin(err.message);
  }
}

// ---------------------------------------------------------------- app

function startApp(me, token) {
  onUnauthorized(() => endSession('Your session has ended: the token is no longer accepted.'));
  $('#app').hidden = false;
  $('[data-testid=user]').innerHTML = `<span class="user-name">${esc(me.name)}</span><span class="tag">${esc(me.nation)}</span><span class="tag tag-role" data-testid="user-role" data-role="${esc(me.role)}">${esc(me.role)}</span>`;
  $('#logout').addEventListener('click', () => { setToken(null); location.reload(); });

  const map = createMap($('#map'));
  installUnits(map); // friendly units (units.js)
  const detailEl = $('#detail');
  let clock = { event: null, wall: 0 };
  const now = () => (clock.event != null ? clock.event + (Date.now() - clock.wall) : Date.now());
  const setClock = (iso) => {
    const t = parseTime(iso);
    if (t != null && (clock.event == null || t >= now() - 5000)) clock = { event: t, wall: Date.now() };
  };
  setInterval(() => { $('[data-testid=clock]').textContent = hms(now()); }, 250);

  let toastTimer = 0;
  const toast = (msg) => {
    const el = $('[data-testid=toast]');
    el.textContent = msg;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
  };

  const setCount = (testid, n) => {
    const el = $(`[data-testid=${testid}]`);
    el.textContent = n.toLocaleString('en');
    el.dataset.count = String(n);
  };

  const vessels = new VesselStore(map, (n) => setCount('vessel-count', n));
  const alerts = new AlertStore();
  alerts.subscribe(() => setCount('open-alert-count', alerts.openCount()));
  const vesselName = (m) => vessels.get(m)?.name || String(m);
  const fitPadding = () => {
    const left = detailEl.hidden ? 60 : detailEl.offsetWidth + 40;
    return { top: 60, bottom: 60, left, right: 60 };
  };

  // Detail area: an alert, a vessel or an air track.
  let openAlert, openVessel, openAir;
  const alertDetail = new AlertDetail(detailEl, { map, alerts, me, vesselName, toast, fitPadding, openVessel: (m) => openVessel(m),
    openAir: (id) => openAir(id), airTrack: (id) => airTracks.get(id) });
  const vesselPanel = new VesselPanel(detailEl, { map, vessels, alerts, toast, fitPadding, now, openAlert: (id) => openAlert(id) });
  const airPanel = new AirPanel(detailEl, { map, now });
  const airTracks = new Map(); // track id -> latest state from GET /api/air/tracks
  const inbox = new Inbox($('[data-testid=inbox]'), alerts, { map, vesselName, onSelect: (id) => openAlert(id) });

  const selectVessel = (mmsi) => map.setFilter('vessel-selected', ['==', ['get', 'mmsi'], mmsi ?? -1]);
  const alertVessel = (id) => alerts.get(id)?.mmsi?.[0] ?? null;
  openAlert = (id) => {
    vesselPanel.close();
    airPanel.close();
    selectVessel(alertVessel(id));
    inbox.select(id);
    detailEl.hidden = false;
    alertDetail.show(id);
  };
  openVessel = (mmsi) => {
    alertDetail.close();
    airPanel.close();
    inbox.select(null);
    selectVessel(mmsi);
    detailEl.hidden = false;
    vesselPanel.show(mmsi);
  };
  openAir = (id) => {
    const t = airTracks.get(id);
    if (!t) { toast(`Air track ${id} is no longer tracked`); return; }
    alertDetail.close();
    vesselPanel.close();
    inbox.select(null);
    selectVessel(null);
    detailEl.hidden = false;
    airPanel.show(t);
  };
  const closeDetail = () => {
    alertDetail.close();
    airPanel.close();
    vesselPanel.close();
    inbox.select(null);
    selectVessel(null);
    detailEl.hidden = true;
    detailEl.innerHTML = '';
  };
  detailEl.addEventListener('click', (e) => { if (e.target.closest('[data-action=close]')) closeDetail(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !detailEl.hidden) closeDetail(); });

  // Layer toggles in the legend.
  document.querySelectorAll('.legend input[data-layer]').forEach((cb) => {
    cb.addEventListener('change', () => {
      const groups = { assets: ['asset-corridor', 'asset-line', 'asset-fill', 'asset-outline'], points: ['asset-point'] };
      const on = [...document.querySelectorAll(`.legend input[data-layer=${cb.dataset.layer}]`)].some((x) => x.checked);
      for (const id of groups[cb.dataset.layer]) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    });
  });

  // Map interaction: vessels first, then alerts, then assets.
  const hit = (point, layers) => {
    const box = [[point.x - 5, point.y - 5], [point.x + 5, point.y + 5]];
    return map.queryRenderedFeatures(box, { layers: layers.filter((l) => map.getLayer(l)) });
  };
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: true, maxWidth: '280px', className: 'lk-popup' });
  const hover = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'lk-popup lk-hover' });
  map.on('click', (e) => {
    const v = hit(e.point, ['vessels']);
    if (v.length) { openVessel(v[0].properties.mmsi); return; }
    const air = hit(e.point, ['air']);
    if (air.length) { openAir(air[0].properties.track); return; }
    const a = hit(e.point, ['alert-ring']);
    if (a.length) { openAlert(a[0].properties.id); return; }
    const s = hit(e.point, ['asset-point', 'asset-line', 'asset-corridor', 'asset-fill']);
    if (s.length) popup.setLngLat(e.lngLat).setHTML(assetPopupHtml(s[0].properties)).addTo(map);
  });
  map.on('mousemove', (e) => {
    $('[data-testid=cursor-pos]').textContent = latlon(e.lngLat.lat, e.lngLat.lng);
    const v = hit(e.point, ['vessels', 'air']);
    const a = v.length ? [] : hit(e.point, ['alert-ring', 'asset-point', 'asset-line']);
    map.getCanvas().style.cursor = v.length || a.length ? 'pointer' : '';
    if (v.length && v[0].layer.id === 'vessels') {
      const d = vessels.get(v[0].properties.mmsi);
      if (d) {
        hover.setLngLat([d.lon, d.lat]).setHTML(`<div class="pop"><div class="pop-title">${esc(d.name || 'MMSI ' + d.mmsi)}</div>
          <div class="pop-sub">${esc(d.shiptype_text || '')} · ${num(d.sog)} kn · risk ${d.risk || 0}</div></div>`).addTo(map);
        return;
      }
    } else if (v.length) {
      const p = v[0].properties;
      hover.setLngLat(e.lngLat).setHTML(`<div class="pop"><div class="pop-title">Air track ${esc(p.track)}${p.label ? ' · ' + esc(p.label) : ''}</div><div class="pop-sub">${esc(p.class || 'unknown')} · ${esc(p.status || '')} · ${num(p.alt_m, 0)} m</div></div>`).addTo(map);
      return;
    }
    hover.remove();
  });
  map.on('mouseout', () => hover.remove());

  // Live data.
  const bbox = () => {
    const b = map.getBounds();
    const padLon = (b.getEast() - b.getWest()) * 0.15;
    const padLat = (b.getNorth() - b.getSouth()) * 0.15;
    return [Math.max(-180, b.getWest() - padLon), Math.max(-90, b.getSouth() - padLat),
      Math.min(180, b.getEast() + padLon), Math.min(90, b.getNorth() + padLat)].map((x) => +x.toFixed(4));
  };
  let everLive = false;
  const live = new LiveClient({
    token,
    onState: (state) => {
      const el = $('[data-testid=conn-status]');
      el.dataset.state = state;
      $('.conn-l', el).textContent = state;
      if (state === 'live') {
        if (everLive) resync();
        everLive = true;
      }
    },
    onUnauthorized: () => { api('/api/me').catch(() => {}); },
    onMessage: (msg) => {
      switch (msg.type) {
        case 'hello':
          if (msg.node) $('[data-testid=node-name]').textContent = msg.node;
          if (msg.time) setClock(msg.time);
          break;
        case 'error':
          console.warn('live:', msg.message);
          break;
        case 'vessels':
          if (msg.snapshot) serverSnapshots = true;
          if (Array.isArray(msg.vessels)) {
            vessels.upsert(msg.vessels);
            if (vesselPanel.mmsi != null && msg.vessels.some((v) => v.mmsi === vesselPanel.mmsi)) vesselPanel.refresh();
          }
          if (msg.time) setClock(msg.time);
          break;
        case 'alert':
        case 'alerts': {
          // One alert, or the several raised together.
          const list = msg.type === 'alert' ? (msg.alert ? [msg.alert] : []) : (Array.isArray(msg.alerts) ? msg.alerts : []);
          if (list.length) {
            alerts.upsert(list);
            if (vesselPanel.mmsi != null && list.some((a) => a.mmsi?.includes(vesselPanel.mmsi))) vesselPanel.refresh();
          }
          break;
        }
        case 'removed':
          if (Array.isArray(msg.mmsi)) vessels.remove(msg.mmsi);
          break;
        default:
          break;
      }
    },
  });

  async function loadVessels(box) {
    try {
      const r = await api(`/api/vessels${qs({ bbox: box ? box.join(',') : '' })}`);
      vessels.upsert(r.vessels || []);
      if (r.time) setClock(r.time);
    } catch (e) {
      if (e.status !== 401) toast(`Vessels: ${e.message}`);
    }
  }
  async function loadAlerts() {
    try {
      const r = await api('/api/alerts?limit=1000');
      alerts.upsert(r.alerts || []);
      inbox.render();
    } catch (e) {
      if (e.status !== 401) toast(`Alerts: ${e.message}`);
    }
  }
  function resync() {
    loadVessels(bbox());
    loadAlerts();
  }

  // The air picture, polled (GET /api/air/tracks?confirmed=true: tentative tracks,
  // mostly clutter, are left out). Identified tracks get an HTML label beside their
  // symbol: the offline map has no glyphs for text layers.
  const airLabels = new Map(); // track id -> maplibregl.Marker
  function drawAirLabels(tracks) {
    const keep = new Set();
    for (const t of tracks) {
      const text = airLabel(t);
      if (!text || typeof t.lat !== 'number') continue;
      keep.add(t.track);
      let m = airLabels.get(t.track);
      if (!m) {
        const el = document.createElement('div');
        el.className = 'air-label';
        el.dataset.testid = 'air-label';
        m = new maplibregl.Marker({ element: el, anchor: 'left', offset: [10, 0] });
        airLabels.set(t.track, m);
        m.setLngLat([t.lon, t.lat]).addTo(map);
      }
      const el = m.getElement();
      el.dataset.track = t.track;
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('emergency', !!t.identity?.emergency);
      m.setLngLat([t.lon, t.lat]);
    }
    for (const [id, m] of airLabels) if (!keep.has(id)) { m.remove(); airLabels.delete(id); }
  }
  async function pollAir() {
    try {
      const r = await api('/api/air/tracks?confirmed=true');
      const tracks = Array.isArray(r?.tracks) ? r.tracks : [];
      if (r?.time) setClock(r.time);
      airTracks.clear();
      for (const t of tracks) if (t?.track) airTracks.set(t.track, t);
      const f = airFeatures(tracks, now());
      setData(map, 'air', f.points);
      setData(map, 'air-trails', f.trails);
      setData(map, 'air-operators', f.operators);
      drawAirLabels(tracks);
      airPanel.refresh(airTracks);
      setCount('air-count', tracks.length);
      $('[data-testid=air-count]').closest('.stat').hidden = false;
      setTimeout(pollAir, 2000);
    } catch (e) {
      // No air picture on this node (404) or not for this caller: hide the layer.
      $('[data-testid=air-count]').closest('.stat').hidden = true;
      if (e.status !== 404 && e.status !== 403 && e.status !== 401) setTimeout(pollAir, 10000);
    }
  }

  // A node that answers a subscription with a snapshot of the box needs no extra
  // request; otherwise the box is read over HTTP, since the socket sends only changes.
  let serverSnapshots = false;
  let moveTimer = 0;
  map.on('moveend', () => {
    live.subscribe(bbox());
    clearTimeout(moveTimer);
    if (!serverSnapshots) moveTimer = setTimeout(() => loadVessels(bbox()), 400);
  });

  map.on('load', async () => {
    api('/api/health').then((h) => {
      if (h?.node) $('[data-testid=node-name]').textContent = h.node;
      if (h?.time) setClock(h.time);
    }).catch(() => {});
    api('/api/assets').then((fc) => setData(map, 'assets', prepareAssets(fc))).catch((e) => {
      if (e.status !== 401) toast(`Assets: ${e.message}`);
    });
    live.bbox = bbox();
    live.start();
    await Promise.all([loadVessels(null), loadAlerts()]);
    pollAir();
    document.body.dataset.ready = 'true';
  });

  // For tests and the console.
  window.__lookout = { map, vessels, alerts, live, me, airTracks };
}

boot();
