// Lookout web UI entry point: token login, then the live map, the alert inbox and
// the detail panels, wired to the node's HTTP API and its /api/live WebSocket.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import maplibregl from 'maplibre-gl';
import { api, qs, getToken, setToken, onUnauthorized } from './api.js';
import { createMap, setData, setPictureFrozen } from './map.js';
import { VesselStore } from './vessels.js';
import { AlertStore, Inbox } from './alerts.js';
import { AlertDetail } from './alert_detail.js';
import { VesselPanel } from './vessel_panel.js';
import { AirPanel } from './air_panel.js';
import { AirLayer } from './air_live.js';
import { prepareAssets, assetPopupHtml } from './assets.js';
import { LiveClient } from './live.js';
import { NodeClock, LagMeter, shortDuration, failureCause } from './node_clock.js';
import { pickNearest } from './pick.js';
import { ageLimits } from './freshness.js';
import { installUnits } from './units.js';
import { esc, hms, latlon, num, parseTime, ago } from './format.js';

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

/**
 * The token in the address `lookout demo` prints (/#token=...): taken, and at once
 * removed from the address bar and from this history entry, so that it is neither
 * shown, bookmarked nor reachable with Back. Never logged.
 */
function tokenFromFragment() {
  const m = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!m) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  try { return decodeURIComponent(m[1]).trim() || null; } catch { return null; }
}

async function boot() {
  const message = sessionStorage.getItem(MSG_KEY);
  sessionStorage.removeItem(MSG_KEY);
  const fromUrl = tokenFromFragment();
  if (fromUrl) {
    try {
      const me = await api('/api/me', { token: fromUrl, quiet401: true });
      setToken(fromUrl);
      startApp(me, fromUrl);
    } catch (err) {
      showLogin(err.status === 401 ? 'The token in the link was not accepted.' : err.message);
    }
    return;
  }
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
  // The node's clock (node_clock.js): set by its answers, run at its speed between
  // them, stopped while the node cannot be reached.
  const clock = new NodeClock();
  const lagMeter = new LagMeter();
  const now = () => clock.now();
  // An answer that may have waited (a big list): moves the clock forward only. The
  // health probe and the hello set it, backwards too.
  const setClock = (iso) => {
    const t = parseTime(iso);
    if (t != null && (!clock.known || t > clock.now())) clock.sync(t);
  };

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

  const vessels = new VesselStore(map, (n, aged) => {
    setCount('vessel-count', n);
    const el = $('[data-testid=vessel-count]');
    el.dataset.aged = String(aged);
    el.closest('.stat').title = `${n.toLocaleString('en')} on the map, ${aged.toLocaleString('en')} of them aged (silent past their reporting rate)`;
  }, clock);
  setInterval(() => vessels.tick(), 1000);
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
  const airTracks = new Map(); // track id -> latest state, pushed over /api/live
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
  // Of what is under the cursor, the nearest to it (ties to the higher risk), not
  // the first the map lists (pick.js).
  const project = (c) => { const p = map.project(c); return [p.x, p.y]; };
  const pick = (point, layers) => pickNearest(hit(point, layers), [point.x, point.y], project);
  // Closed by the click handler itself: with closeOnClick, the click that opens
  // another asset's popup would also close it (the map's listeners of that click).
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: '280px', className: 'lk-popup' });
  const hover = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'lk-popup lk-hover' });
  map.on('click', (e) => {
    popup.remove();
    const v = pick(e.point, ['vessels']);
    if (v) { openVessel(v.properties.mmsi); return; }
    const air = pick(e.point, ['air']);
    if (air) { openAir(air.properties.track); return; }
    const a = pick(e.point, ['alert-ring']);
    if (a) { openAlert(a.properties.id); return; }
    // Points and lines by distance; an area only when no line or point is near.
    const s = pick(e.point, ['asset-point', 'asset-line', 'asset-corridor']) ?? hit(e.point, ['asset-fill'])[0];
    if (s) popup.setLngLat(e.lngLat).setHTML(assetPopupHtml(s.properties)).addTo(map);
  });
  map.on('mousemove', (e) => {
    $('[data-testid=cursor-pos]').textContent = latlon(e.lngLat.lat, e.lngLat.lng);
    const vh = pick(e.point, ['vessels']) ?? pick(e.point, ['air']);
    const v = vh ? [vh] : [];
    const a = v.length ? [] : hit(e.point, ['alert-ring', 'asset-point', 'asset-line']);
    map.getCanvas().style.cursor = v.length || a.length ? 'pointer' : '';
    if (v.length && v[0].layer.id === 'vessels') {
      const d = vessels.get(v[0].properties.mmsi);
      if (d) {
        const heard = vessels.age(d) === 'live' ? ''
          : `<div class="pop-aged" data-testid="hover-aged">last heard ${esc(hms(d._t))}, ${esc(ago(d._t, now()))} · expected every ${esc(shortDuration(ageLimits(d, clock.speed).every))}</div>`;
        hover.setLngLat([d.lon, d.lat]).setHTML(`<div class="pop"><div class="pop-title">${esc(d.name || 'MMSI ' + d.mmsi)}</div>
          <div class="pop-sub">${esc(d.shiptype_text || '')} · ${num(d.sog)} kn · risk ${d.risk || 0}</div>${heard}</div>`).addTo(map);
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
  // The freshness of the picture: the top bar's state (LIVE only when current,
  // BEHIND with the lag, OFFLINE with the picture frozen), the clock, the banner.
  let linkState = 'connecting';
  let lastProbe = null; // the last failed probe of /api/health
  const showFreshness = () => {
    const el = $('[data-testid=conn-status]');
    const clockEl = $('[data-testid=clock]');
    clockEl.textContent = hms(now());
    clockEl.dataset.t = String(Math.round(now()));
    let state = linkState;
    let text = linkState;
    const lag = clock.lag();
    if (clock.frozen) {
      state = 'offline';
      text = 'offline';
    } else if (linkState === 'live') {
      state = lagMeter.update(lag, clock.speed);
      text = state === 'behind' ? `behind ${shortDuration(Math.max(lag, 1000))}` : state === 'catching-up' ? 'catching up' : 'live';
    }
    if (el.dataset.state !== state) el.dataset.state = state;
    const label = $('.conn-l', el);
    if (label.textContent !== text) label.textContent = text;
    el.dataset.lagMs = String(Math.round(lag));
    el.title = clock.newest == null ? '' : `Newest live message ${hms(clock.newest)}, node clock ${hms(now())}` +
      `${clock.speed !== 1 ? ` (running ${clock.speed}x)` : ''}; ${(clock.queued / 1024).toFixed(0)} KiB queued at the node`;
  };
  setInterval(showFreshness, 250);

  const banner = document.createElement('div');
  banner.className = 'frozen-banner';
  banner.dataset.testid = 'frozen-banner';
  banner.hidden = true;
  $('.map-wrap').appendChild(banner);
  const freeze = () => {
    const at = clock.freeze();
    const cause = failureCause({ probe: lastProbe, close: live.lastClose, online: navigator.onLine, host: location.host });
    banner.innerHTML = `<b>Picture frozen since <span data-testid="frozen-since">${esc(hms(at))}</span></b>` +
      `<span class="frozen-cause" data-testid="frozen-cause">${esc(cause)}</span><span class="muted">Retrying…</span>`;
    banner.hidden = false;
    document.body.classList.add('frozen');
    setPictureFrozen(map, true);
    showFreshness();
  };
  const thaw = () => {
    if (!clock.frozen) return;
    clock.thaw();
    lastProbe = null;
    banner.hidden = true;
    document.body.classList.remove('frozen');
    setPictureFrozen(map, false);
  };

  // The node's clock and whether it answers, from /api/health (its own
  // connection: never queued behind the live feed). Every 5 s; every 2 s while
  // the node cannot be reached.
  // A failed probe freezes the picture unless the live feed still runs (a slow
  // answer under load is not a stopped node); it names the cause either way.
  const failed = (p) => {
    lastProbe = p;
    if (linkState !== 'live' || clock.frozen) freeze();
    if (linkState !== 'live') live.hold(); // reconnect when the node answers again
  };
  let probeTimer = 0;
  let probing = false;
  async function probe() {
    if (probing) return; // one at a time: the one under way reports soon
    probing = true;
    clearTimeout(probeTimer);
    const t0 = Date.now();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 5000);
    try {
      const r = await fetch('/api/health', { headers: { Accept: 'application/json' }, cache: 'no-store', signal: ctl.signal });
      if (!r.ok) { failed({ status: r.status }); return; }
      const h = await r.json();
      const t1 = Date.now();
      clock.sync(parseTime(h.time), (t0 + t1) / 2, h.clock_speed);
      if (h.node) $('[data-testid=node-name]').textContent = h.node;
      lastProbe = null;
      if (clock.frozen && linkState === 'live') { thaw(); resync(true); } else if (clock.frozen) live.kick(); // back: reconnect now
    } catch (e) {
      failed({ network: true, aborted: e.name === 'AbortError', ms: Date.now() - t0 });
    } finally {
      clearTimeout(timer);
      probing = false;
      probeTimer = setTimeout(probe, clock.frozen ? 2000 : 5000);
    }
  }

  let everLive = false;
  const live = new LiveClient({
    token,
    onState: (state) => {
      linkState = state;
      if (state === 'live') {
        if (clock.frozen) { thaw(); resync(true); } else if (everLive) resync(false);
        everLive = true;
      } else if (state === 'offline' && everLive) {
        freeze();
        probe(); // at once: its failure names the cause
      }
      showFreshness();
    },
    onUnauthorized: () => { api('/api/me').catch(() => {}); },
    onMessage: (msg) => {
      if (msg.type !== 'hello' && msg.time) {
        clock.heard(parseTime(msg.time), msg.queued);
        showFreshness();
      }
      switch (msg.type) {
        case 'hello':
          if (msg.node) $('[data-testid=node-name]').textContent = msg.node;
          // Sent as the socket opens, nothing queued ahead: the node's clock now
          // (backwards too, after a restart).
          if (msg.time) { clock.sync(parseTime(msg.time), Date.now(), msg.clock_speed); clock.heard(parseTime(msg.time)); }
          break;
        case 'pong':
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
        case 'air':
          airLayer.apply(msg);
          if (msg.time) setClock(msg.time);
          break;
        default:
          break;
      }
    },
  });

  async function loadVessels(box, replace = false) {
    try {
      const r = await api(`/api/vessels${qs({ bbox: box ? box.join(',') : '' })}`);
      if (r.time) setClock(r.time);
      if (replace) vessels.replace(r.vessels || []); else vessels.upsert(r.vessels || []);
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
  // After a reconnection; after the node was unreachable, its whole picture
  // replaces what this browser held (it may have restarted, its clock earlier).
  function resync(whole) {
    if (whole) loadVessels(null, true); else loadVessels(bbox());
    loadAlerts();
  }

  // The air picture, pushed over /api/live with the vessels (air_live.js).
  const airLayer = new AirLayer({ map, maplibregl, setData, panel: airPanel, now, tracks: airTracks,
    onCount: (n) => {
      $('[data-testid=air-count]').closest('.stat').hidden = n == null;
      if (n != null) setCount('air-count', n);
    } });

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
    probe();
    api('/api/assets').then((fc) => setData(map, 'assets', prepareAssets(fc))).catch((e) => {
      if (e.status !== 401) toast(`Assets: ${e.message}`);
    });
    live.bbox = bbox();
    live.start();
    await Promise.all([loadVessels(null), loadAlerts()]);
    document.body.dataset.ready = 'true';
  });

  // For tests and the console.
  window.__lookout = { map, vessels, alerts, live, me, airTracks, clock };
}

boot();
