#!/usr/bin/env node
// End-to-end test of the air picture in the web UI, against a real `lookout serve`
// driven through Debian's chromium (playwright-core), like tests/web/e2e.mjs.
//
// The node has two air inputs in one partition, marked DNK and released to nobody
// else: `detections_udp` for the drone-from-a-ship scenario's radar and RF plots
// (tests/scenarios/drone_from_ship), and a Remote ID receiver (`udp`, format
// `remote_id`) for what drone-1 broadcasts (remote_id.txt beside them, written from
// the scenario's truth by tools/synth/remote_id_synth.py: drone-1 sends its serial,
// position and operator's position; drones 2 and 3 send nothing). The test sends
// both over loopback UDP interleaved in event time, their times moved so that the
// event clock runs two minutes ahead of the node's (the tracks stay live while the
// browser looks; the node's tick never moves the tracker back). The last
// PHASE_TWO_MS of the scenario is held back and sent while the browser watches.
// Then:
//   - the node ties drone-1's radar track to its Remote ID, and no other drone track
//     takes an identity;
//   - the Danish operator sees air tracks on the map with trails, coloured by class,
//     drone-1 labelled with its Remote ID serial and its operator's position drawn
//     as a marker with a line to the drone;
//   - clicking it opens the air track panel (class probabilities, status, times,
//     sensors, identity);
//   - the tracks move on the map as the rest of the scenario arrives, pushed over
//     /api/live: the page never asks GET /api/air/tracks;
//   - a drone alert reaches the inbox; its detail lists the evidence and draws the
//     track segment on the map;
//   - a Norwegian viewer (a JEF partner, but the partition is not released to NOR)
//     sees no air track and no drone alert: not on the map, not in the counts, not
//     in the inbox, and the alert's id answers 404 as an unknown one does.
//
//   node tests/web/air_e2e.mjs        (after `npm ci && npm run build` in web/)
//
// Bounded: every step has its own timeout and the whole run stops after
// LOOKOUT_E2E_TIMEOUT_S (default 100) seconds.
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import {
  repo, webDir, log, loadChromium, launchChromium, startNode, freePort, sha256, toml, newToken,
  sleep, apiCall, step, setPage, mapIdle, login, shot, runE2e,
} from './harness.mjs';

const totalTimeoutS = Number(process.env.LOOKOUT_E2E_TIMEOUT_S || 100);
const scenarioDir = path.join(repo, 'tests/scenarios/drone_from_ship');
const assetsFile = path.join(repo, 'data/assets/baltic_north_sea.geojson');
const DRONE_KINDS = ['drone_incursion', 'drone_approach', 'drone_origin', 'swarm', 'emergency_squawk'];
// What drone-1 broadcasts (see remote_id.txt's generator command in make.py).
const RID_SERIAL = '1596F3E2E0001';
const RID_OPERATOR = 'DNK87astrdge12k8';
const COOPERATIVE_ID_BASE = 2 ** 31; // cooperative targets' own ids start here (cooperative_picture.h)
const trackNumber = (t) => Number(String(t.track).replace(/^T/, '')); // "T12" -> 12
// The end of the scenario sent while the browser watches.
const PHASE_TWO_MS = 60000;
// How far the event clock runs ahead of the node's when the first part ends: the
// node's tick moves the tracker to its own clock, which must not pass the tracks
// before the second part comes (35-45 s later on a loaded machine).
const LEAD_MS = 120000;

const chromium = loadChromium();

async function startAirNode() {
  const operator = newToken();
  const partner = newToken();
  const udpPort = await freePort('udp');
  const ridPort = await freePort('udp');
  const node = await startNode(({ port, dir }) => `# written by tests/web/air_e2e.mjs
[node]
name = "e2e-air"
listen = "127.0.0.1:${port}"
web_root = ${toml(path.join(webDir, 'dist'))}

[store]
path = ${toml(path.join(dir, 'lookout.db'))}

[air]
sensors = ${toml(path.join(scenarioDir, 'sensors.json'))}

[[assets]]
file = ${toml(assetsFile)}
owner = "DNK"
releasable_to = ["JEF"]

[[input]]
name = "radar-json"
kind = "detections_udp"
address = "127.0.0.1:${udpPort}"
owner = "DNK"

[[input]]
name = "rid-rx"
kind = "udp"
format = "remote_id"
address = "127.0.0.1:${ridPort}"
owner = "DNK"

[[token]]
name = "dnk-operator"
sha256 = "${sha256(operator)}"
nation = "DNK"
role = "operator"

[[token]]
name = "nor-viewer"
sha256 = "${sha256(partner)}"
nation = "NOR"
role = "viewer"
`, { logName: 'serve-air.log' });
  return { ...node, operator, partner, udpPort, ridPort };
}

const readLines = (file) => fs.readFileSync(path.join(scenarioDir, file), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#'));

/**
 * A Remote ID hex line (TIME TRANSMITTER PAYLOAD RECEIVER) moved by `shiftMs`: its
 * time, and inside the Message Pack the Location's time stamp (tenths of a second
 * after the hour) and the System's (seconds since 2019), as the drone would have
 * sent them then.
 */
function shiftRemoteId(line, shiftMs) {
  const f = line.split(' ');
  const t = Date.parse(f[0]) + shiftMs;
  f[0] = new Date(t).toISOString();
  const p = Buffer.from(f[2], 'hex');
  const messages = p[0] >> 4 === 0xf ? [...Array(p[2]).keys()].map((k) => 3 + 25 * k) : [0];
  for (const at of messages) {
    if (p[at] >> 4 === 1) p.writeUInt16LE(Math.round(((t / 1000) % 3600) * 10) % 36000, at + 21);
    if (p[at] >> 4 === 4) p.writeUInt32LE(Math.floor(t / 1000) - 1546300800, at + 20);
  }
  f[2] = p.toString('hex');
  return f.join(' ');
}

/**
 * Both inputs' lines with their times moved by `shiftMs`, in event time order:
 * { t, port, line }.
 */
function scenarioEvents(node, shiftMs) {
  const det = readLines('detections.jsonl').map((l) => {
    const d = JSON.parse(l);
    const t = Date.parse(d.time) + shiftMs;
    d.time = new Date(t).toISOString();
    return { t, port: node.udpPort, line: JSON.stringify(d) };
  });
  const rid = readLines('remote_id.txt').map((l) => {
    const line = shiftRemoteId(l, shiftMs);
    return { t: Date.parse(line.split(' ')[0]), port: node.ridPort, line };
  });
  return [...det, ...rid].sort((a, b) => a.t - b.t);
}

async function observed(node) {
  const r = await apiCall(node, node.operator, '/metrics');
  let n = 0;
  for (const m of String(r.body).matchAll(/lookout_input_observations_total\{input="(?:radar-json|rid-rx)",kind="[a-z_]+"\} (\d+)/g)) {
    n += Number(m[1]);
  }
  return n;
}

/**
 * Sends the events in order, in datagrams of a few kilobytes (consecutive lines of
 * one input), never more than `window` lines ahead of what the node has counted
 * (its /metrics), so that a busy io thread cannot make the kernel drop datagrams.
 * `before`: what the node had counted before these; returns the count after.
 */
async function sendEvents(node, events, before, window = 1500) {
  const sock = dgram.createSocket('udp4');
  const send = (buf, port) => new Promise((resolve, reject) => sock.send(buf, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  try {
    let sent = 0;
    while (sent < events.length) {
      let chunk = '';
      let n = 0;
      const port = events[sent].port;
      while (sent + n < events.length && events[sent + n].port === port && chunk.length < 6000) chunk += events[sent + n++].line + '\n';
      await send(Buffer.from(chunk), port);
      sent += n;
      if (before + sent - (await observed(node)) > window) {
        const deadline = Date.now() + 10000;
        while (before + sent - (await observed(node)) > window / 2) {
          if (Date.now() > deadline) throw new Error(`the node counted ${await observed(node) - before} of ${sent} lines sent`);
          await sleep(20);
        }
      }
    }
    const deadline = Date.now() + 10000;
    for (;;) {
      const n = await observed(node);
      if (n === before + events.length) return n;
      if (Date.now() > deadline) throw new Error(`the node counted ${n - before} of ${events.length} lines`);
      await sleep(50);
    }
  } finally {
    sock.close();
  }
}

async function openApp(browser, node, token, errors, who) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  setPage(page);
  page.on('pageerror', (e) => errors.push(`${who} pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${who} console: ${m.text()}`); });
  return { ctx, page, async login() {
    await page.goto(node.url + '/', { waitUntil: 'domcontentloaded' });
    await login(page, token);
    await page.locator('[data-testid=app]').waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
  } };
}

runE2e({ node: startAirNode, totalTimeoutS }, async ({ node, errors, setBrowser }) => {
  log(`node at ${node.url}; detections to udp 127.0.0.1:${node.udpPort}, Remote ID to udp 127.0.0.1:${node.ridPort}`);
  let tracks = [];
  let droneAlerts = [];
  let identified = null; // drone-1's radar track, tied to its Remote ID
  let phaseTwo = [];
  let counted = 0;
  await step('the node tracks the scenario fed over UDP, ties drone-1 to its Remote ID and raises drone alerts', 40000, async () => {
    const health = await apiCall(node, node.operator, '/api/health');
    const nodeNow = Date.parse(health.body.time);
    const last = Math.max(...readLines('detections.jsonl').map((l) => Date.parse(JSON.parse(l).time)));
    // The event clock LEAD_MS ahead of the node's when the first part ends.
    const events = scenarioEvents(node, nodeNow + LEAD_MS - (last - PHASE_TWO_MS));
    const split = events.findIndex((e) => e.t > nodeNow + LEAD_MS);
    phaseTwo = events.slice(split);
    counted = await sendEvents(node, events.slice(0, split), 0);
    const r = await apiCall(node, node.operator, '/api/air/tracks?confirmed=true');
    tracks = r.body.tracks || [];
    if (!tracks.length) throw new Error('no confirmed air track');
    if (tracks.some((t) => t.status === 'tentative')) throw new Error('?confirmed=true answered a tentative track');
    if (!tracks.some((t) => (t.trail || []).length >= 2)) throw new Error('no track has a trail');
    // drone-1's Remote ID is on its radar track (an id of the tracker's, with radar
    // or RF sensors), not on a cooperative target of its own; no other track has one.
    const rid = tracks.filter((t) => t.identity?.source === 'remote_id');
    if (rid.length !== 1) throw new Error(`${rid.length} tracks carry a Remote ID: ${JSON.stringify(rid.map((t) => [t.track, t.identity]))}`);
    const [tied] = rid;
    if (trackNumber(tied) >= COOPERATIVE_ID_BASE || !(tied.sensors || []).some((x) => /radar-1|rf-1/.test(x))) {
      throw new Error(`the Remote ID is not on a radar track: ${JSON.stringify(tied).slice(0, 400)}`);
    }
    if (tied.identity.serial !== RID_SERIAL || tied.class !== 'drone') throw new Error(`tied track: ${JSON.stringify(tied.identity)} ${tied.class}`);
    const silent = tracks.filter((t) => t.class === 'drone' && t.track !== tied.track);
    if (!silent.length) throw new Error('no drone track without Remote ID (drones 2 and 3 broadcast nothing)');
    if (silent.some((t) => t.identity?.source)) throw new Error('a drone without Remote ID has an identity');
    identified = tied.track;
    const deadline = Date.now() + 15000;
    for (;;) {
      const a = await apiCall(node, node.operator, '/api/alerts?limit=1000');
      droneAlerts = (a.body.alerts || []).filter((x) => DRONE_KINDS.includes(x.kind));
      if (droneAlerts.length) break;
      if (Date.now() > deadline) throw new Error('no drone alert in GET /api/alerts');
      await sleep(200);
    }
    const kinds = [...new Set(droneAlerts.map((a) => a.kind))];
    log(`    ${tracks.length} confirmed tracks (${tracks.filter((t) => t.class === 'drone').length} drones, ${identified} is ${RID_SERIAL}); alerts: ${kinds.join(', ')}`);
  });

  let browser;
  await step('launch chromium', 20000, async () => { browser = await launchChromium(chromium); setBrowser(browser); });

  const op = await openApp(browser, node, node.operator, errors, 'operator');
  const page = op.page;
  // The air picture comes over /api/live; the page must not poll for it.
  let airPolls = 0;
  page.on('request', (r) => { if (r.url().includes('/api/air/tracks')) airPolls++; });

  await step('operator sees air tracks with trails, class and identity on the map', 40000, async () => {
    await op.login();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=air-count]')?.dataset.count || 0) > 0,
      null, { timeout: 10000, polling: 200 });
    await mapIdle(page);
    // Fit the map to the tracks and drone-1's operator, then look at what is drawn.
    await page.evaluate(() => {
      const ts = [...window.__lookout.airTracks.values()];
      const ops = ts.map((t) => t.identity?.operator).filter(Boolean);
      const xs = [...ts.map((t) => t.lon), ...ops.map((o) => o.lon)];
      const ys = [...ts.map((t) => t.lat), ...ops.map((o) => o.lat)];
      window.__lookout.map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 80, duration: 0, maxZoom: 11 });
    });
    await page.waitForFunction(() => {
      const m = window.__lookout.map;
      const q = (l) => m.queryRenderedFeatures({ layers: [l] });
      return q('air').some((f) => f.properties.class === 'drone') && q('air-trail').length > 0 &&
        q('air-operator').length > 0 && q('air-operator-line').length > 0;
    }, null, { timeout: 15000, polling: 250 });
    const label = page.locator(`[data-testid=air-label][data-track="${identified}"]`);
    await label.waitFor({ state: 'visible', timeout: 5000 });
    if ((await label.innerText()) !== RID_SERIAL) throw new Error(`label reads ${await label.innerText()}`);
    const labels = await page.locator('[data-testid=air-label]').count();
    if (labels !== 1) throw new Error(`${labels} identity labels; only drone-1 broadcasts`);
    await mapIdle(page);
    await shot(page, 'air-01-map.png');
  });

  await step('clicking a track opens the air track panel with class, status and identity', 20000, async () => {
    const pt = await page.evaluate((id) => {
      const m = window.__lookout.map;
      const f = m.queryRenderedFeatures({ layers: ['air'] }).find((x) => x.properties.track === id);
      if (!f) return null;
      const p = m.project(f.geometry.coordinates);
      const box = m.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, identified);
    if (!pt) throw new Error(`track ${identified} is not drawn`);
    await page.mouse.click(pt.x, pt.y);
    const panel = page.locator(`[data-testid=air-panel][data-track="${identified}"]`);
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    if ((await panel.locator('[data-testid=air-class]').innerText()) !== 'drone') throw new Error('the panel does not say drone');
    const probs = await panel.locator('[data-testid=air-class-probs] .prob-row').count();
    if (probs !== 4) throw new Error(`${probs} class probabilities shown`);
    const status = await panel.locator('[data-testid=air-status]').getAttribute('data-status');
    if (!['confirmed', 'coasting'].includes(status)) throw new Error(`status ${status}`);
    const sensors = await panel.locator('[data-testid=air-sensors]').innerText();
    if (!/radar-1|rf-1/.test(sensors)) throw new Error(`sensors: ${sensors}`);
    const ident = await panel.locator('[data-testid=air-identity]').innerText();
    for (const want of ['Remote ID', RID_SERIAL, RID_OPERATOR]) {
      if (!ident.includes(want)) throw new Error(`identity lacks ${want}: ${ident}`);
    }
    await shot(page, 'air-02-panel.png');
  });

  await step('the tracks move as the node pushes the rest of the scenario (no polling)', 30000, async () => {
    const before = await page.evaluate((id) => {
      const t = window.__lookout.airTracks.get(id);
      return t ? { lat: t.lat, lon: t.lon, time: t.time } : null;
    }, identified);
    if (!before) throw new Error(`track ${identified} is not in the page's air picture`);
    counted = await sendEvents(node, phaseTwo, counted);
    // drone-1 flies on at ~15 m/s: a minute later it is far from where it was.
    await page.waitForFunction(({ id, b }) => {
      const t = window.__lookout.airTracks.get(id);
      return t && t.time > b.time && Math.hypot(t.lat - b.lat, (t.lon - b.lon) * 0.56) > 0.002;
    }, { id: identified, b: before }, { timeout: 15000, polling: 200 });
    // The panel and the map follow the pushed state.
    await page.locator(`[data-testid=air-panel][data-track="${identified}"]`).waitFor({ state: 'visible', timeout: 2000 });
    await page.evaluate((id) => {
      const t = window.__lookout.airTracks.get(id);
      window.__lookout.map.jumpTo({ center: [t.lon, t.lat] });
    }, identified);
    await mapIdle(page);
    await page.waitForFunction((id) => {
      const t = window.__lookout.airTracks.get(id);
      const f = window.__lookout.map.querySourceFeatures('air').find((x) => x.properties.track === id);
      return t && f && Math.hypot(f.geometry.coordinates[0] - t.lon, f.geometry.coordinates[1] - t.lat) < 1e-4;
    }, identified, { timeout: 5000, polling: 200 }).catch(() => {
      throw new Error(`the map does not draw track ${identified} where its pushed state is`);
    });
    if (airPolls) throw new Error(`the page asked GET /api/air/tracks ${airPolls} times`);
    await mapIdle(page);
    await shot(page, 'air-03-moved.png');
  });

  let alertId;
  await step('a drone alert in the inbox shows its evidence and its track on the map', 30000, async () => {
    // An incursion if there is one (it has a track segment and a zone), else any drone alert.
    const sel = DRONE_KINDS.map((k) => `[data-testid=inbox-row][data-kind=${k}]`).join(', ');
    await page.locator(sel).first().waitFor({ state: 'visible', timeout: 10000 });
    const incursion = page.locator('[data-testid=inbox-row][data-kind=drone_incursion]').first();
    const row = (await incursion.count()) ? incursion : page.locator(sel).first();
    alertId = await row.getAttribute('data-alert-id');
    const kind = await row.getAttribute('data-kind');
    await row.click();
    const detail = page.locator(`[data-testid=alert-detail][data-alert-id="${alertId}"]`);
    await detail.waitFor({ state: 'visible' });
    const table = await detail.locator('[data-testid=evidence-table]').innerText();
    if (kind !== 'swarm' && !/Class probabilities\s+drone \d+%/.test(table)) throw new Error(`evidence: ${table}`);
    if (/\[\[|\{"/.test(table)) throw new Error(`raw JSON in the evidence table: ${table}`);
    await sleep(700); // the fit-to-evidence animation
    await mapIdle(page);
    if (kind !== 'swarm') {
      const seg = await page.evaluate(() => window.__lookout.map.queryRenderedFeatures({ layers: ['evidence-line'] }).length);
      if (!seg) throw new Error(`the ${kind} alert's track segment is not drawn`);
    }
    log(`    ${kind} ${alertId}: ${await detail.locator('[data-testid=alert-summary]').innerText()}`);
    await shot(page, 'air-04-drone-alert.png');
  });
  await op.ctx.close();
  setPage(null);

  await step('a partner the partition is not released to sees no air track and no drone alert', 40000, async () => {
    const r = await apiCall(node, node.partner, '/api/air/tracks');
    if (r.status !== 200 || r.body.tracks.length !== 0) throw new Error(`NOR GET /api/air/tracks: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    const a = await apiCall(node, node.partner, '/api/alerts?limit=1000');
    const seen = (a.body.alerts || []).filter((x) => DRONE_KINDS.includes(x.kind));
    if (seen.length) throw new Error(`NOR sees ${seen.length} drone alerts`);
    const one = await apiCall(node, node.partner, `/api/alerts/${encodeURIComponent(alertId)}`);
    const none = await apiCall(node, node.partner, '/api/alerts/no-such-alert');
    if (one.status !== 404 || none.status !== 404) throw new Error(`NOR reads the drone alert: ${one.status} (unknown id: ${none.status})`);
    const metrics = await apiCall(node, node.partner, '/metrics');
    if (/radar-json|rid-rx/.test(String(metrics.body))) throw new Error('NOR\'s /metrics names an air input');
    // The operator still sees them at this moment: the partner's empty picture is the marking's doing.
    const dnk = await apiCall(node, node.operator, '/api/air/tracks?confirmed=true');
    if (!dnk.body.tracks.length) throw new Error('the air tracks are gone for DNK too; the check proves nothing');

    const nor = await openApp(browser, node, node.partner, errors, 'partner');
    await nor.login();
    const p = nor.page;
    // The node's air snapshot for NOR has come (the count shows) and is empty.
    await p.waitForFunction(() => {
      const el = document.querySelector('[data-testid=air-count]');
      return el && !el.closest('.stat').hidden && el.dataset.count === '0';
    }, null, { timeout: 5000 });
    await mapIdle(p);
    const drawn = await p.evaluate(() => ['air', 'air-trail', 'air-operator']
      .map((l) => window.__lookout.map.queryRenderedFeatures({ layers: [l] }).length).reduce((x, y) => x + y, 0));
    if (drawn) throw new Error(`${drawn} air features drawn for NOR`);
    if (await p.locator('[data-testid=air-label]').count()) throw new Error('air labels shown to NOR');
    await p.locator('[data-testid=filter-state] button[data-state=all]').click();
    const rows = await p.locator('[data-testid=inbox-row]').count();
    if (rows) throw new Error(`NOR's inbox has ${rows} rows`);
    if ((await p.locator('[data-testid=open-alert-count]').getAttribute('data-count')) !== '0') throw new Error('NOR counts open alerts');
    await shot(p, 'air-05-partner.png');
    await nor.ctx.close();
    setPage(null);
  });
});
