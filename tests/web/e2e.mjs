#!/usr/bin/env node
// End-to-end test of the web UI against a real `lookout serve`, driven through
// Debian's chromium by playwright-core (never a downloaded browser).
//
// It starts the node (LOOKOUT_BINARY, default build/lookout) on a free loopback port
// with a config written to a temp dir: the bundled assets, the Eagle S scenario replayed
// at high speed, an operator and a viewer token. Then, in the browser: a bad token is
// refused, the operator logs in, the map goes idle, vessels are drawn, an alert reaches
// the inbox, its detail shows the evidence (segment on the map, speed plot, table), it is
// acknowledged with a comment (and the API agrees), the vessel panel plays the track
// back, and a viewer sees the Acknowledge button disabled while the API answers 403.
// Screenshots go to $LOOKOUT_ARTEFACTS (default tests/web/artefacts).
//
//   node tests/web/e2e.mjs                       (after `npm ci && npm run build` in web/)
//   LOOKOUT_URL=http://127.0.0.1:8099 LOOKOUT_OPERATOR_TOKEN=.. LOOKOUT_VIEWER_TOKEN=..
//     node tests/web/e2e.mjs                     (against a node that is already running)
//
// Bounded: every wait has its own timeout and the whole run stops after
// LOOKOUT_E2E_TIMEOUT_S (default 110) seconds, with a message naming the step.
import fs from 'node:fs';
import path from 'node:path';
import {
  repo, webDir, artefacts, log, elapsed, fail, loadChromium, launchChromium, startNode as startServe, sha256, toml, newToken,
  sleep, apiCall, step, setPage, mapIdle, login, shot,
} from './harness.mjs';

const totalTimeoutS = Number(process.env.LOOKOUT_E2E_TIMEOUT_S || 110);
const scenario = path.join(repo, 'tests/scenarios/eagle_s_estlink2/track.nmea');
const assetsFile = path.join(repo, 'data/assets/baltic_north_sea.geojson');
// The node clock's speed-up; the file plays at the node clock's pace (input speed 1).
const replaySpeed = Number(process.env.LOOKOUT_E2E_SPEED || 600);

const chromium = loadChromium();

// ------------------------------------------------------------------ the node

async function startNode() {
  const operator = newToken();
  const viewer = newToken();
  const node = await startServe(({ port, dir }) => `# written by tests/web/e2e.mjs
[node]
name = "e2e-node"
listen = "127.0.0.1:${port}"
web_root = ${toml(path.join(webDir, 'dist'))}

[clock]
speed = ${replaySpeed}

[store]
path = ${toml(path.join(dir, 'lookout.db'))}

[[assets]]
file = ${toml(assetsFile)}
owner = "FIN"
releasable_to = ["JEF"]

[[input]]
name = "eagle-s-replay"
kind = "file"
path = ${toml(scenario)}
format = "nmea"
speed = 1.0
rebase = true
loop = false
owner = "FIN"
releasable_to = ["JEF"]

[[token]]
name = "e2e-operator"
sha256 = "${sha256(operator)}"
nation = "DNK"
role = "operator"

[[token]]
name = "e2e-viewer"
sha256 = "${sha256(viewer)}"
nation = "DNK"
role = "viewer"
`);
  return { ...node, operator, viewer };
}

// ------------------------------------------------------------------ main

async function main() {
  fs.mkdirSync(artefacts, { recursive: true });
  fs.rmSync(path.join(artefacts, 'failure.png'), { force: true });
  let node;
  if (process.env.LOOKOUT_URL) {
    node = { url: process.env.LOOKOUT_URL.replace(/\/$/, ''), operator: process.env.LOOKOUT_OPERATOR_TOKEN,
      viewer: process.env.LOOKOUT_VIEWER_TOKEN, stop: async () => {} };
    if (!node.operator || !node.viewer) fail('LOOKOUT_URL needs LOOKOUT_OPERATOR_TOKEN and LOOKOUT_VIEWER_TOKEN');
  } else {
    node = await startNode();
  }
  log(`node at ${node.url}`);

  let browser;
  const consoleErrors = [];
  const watchdog = setTimeout(() => {
    console.error(`\ne2e FAILED: the whole test exceeded ${totalTimeoutS} s`);
    process.exitCode = 1;
    Promise.resolve(browser?.close()).finally(() => node.stop()).finally(() => process.exit(1));
  }, totalTimeoutS * 1000);

  try {
    await step('API refuses a request without a token (401)', 5000, async () => {
      const r = await apiCall(node, null, '/api/alerts');
      if (r.status !== 401) throw new Error(`GET /api/alerts without a token answered ${r.status}`);
    });

    await step('launch chromium', 20000, async () => {
      browser = await launchChromium(chromium);
    });

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await ctx.newPage();
    setPage(page);
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
    // The UI must not reach for anything off the node (tiles, fonts, glyphs).
    const offsite = [];
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(node.url) && !u.startsWith('data:') && !u.startsWith('blob:')) offsite.push(u);
    });

    await step('login page loads; a bad token is refused', 20000, async () => {
      await page.goto(node.url + '/', { waitUntil: 'domcontentloaded' });
      await page.locator('[data-testid=login-form]').waitFor({ state: 'visible' });
      await shot(page, '01-login.png');
      await login(page, 'not-a-valid-token');
      await page.locator('[data-testid=login-error]').waitFor({ state: 'visible', timeout: 10000 });
    });

    await step('operator logs in and the map goes idle', 30000, async () => {
      await login(page, node.operator);
      await page.locator('[data-testid=app]').waitFor({ state: 'visible' });
      const role = await page.locator('[data-testid=user-role]').getAttribute('data-role');
      if (role !== 'operator') throw new Error(`UI shows role ${role}, expected operator`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
      await mapIdle(page);
    });

    await step('vessels from the replayed feed are drawn', 30000, async () => {
      await page.waitForFunction(() => {
        const n = Number(document.querySelector('[data-testid=vessel-count]')?.dataset.count || 0);
        const drawn = window.__lookout.map.queryRenderedFeatures({ layers: ['vessels'] }).length;
        return n >= 5 && drawn >= 5;
      }, null, { timeout: 28000, polling: 250 });
      await mapIdle(page);
      const n = await page.evaluate(() => window.__lookout.map.queryRenderedFeatures({ layers: ['vessels'] }).length);
      log(`    ${n} vessels drawn`);
      const land = await page.evaluate(() => window.__lookout.map.queryRenderedFeatures({ layers: ['land'] }).length);
      if (!land) throw new Error('no land drawn (world-atlas basemap missing)');
      const assets = await page.evaluate(() => window.__lookout.map.queryRenderedFeatures({ layers: ['asset-line'] }).length);
      if (!assets) throw new Error('no asset lines drawn (GET /api/assets)');
      await shot(page, '02-map-vessels.png');
    });

    let alertId;
    await step('an alert reaches the inbox', 60000, async () => {
      const row = page.locator('[data-testid=inbox-row][data-status=open]').first();
      await row.waitFor({ state: 'visible', timeout: 58000 });
      alertId = await row.getAttribute('data-alert-id');
      log(`    alert ${alertId}: ${await row.locator('.row-summary').innerText()}`);
    });

    await step('alert detail shows evidence, segment and speed plot', 30000, async () => {
      await page.locator(`[data-testid=inbox-row][data-alert-id="${alertId}"]`).click();
      const detail = page.locator(`[data-testid=alert-detail][data-alert-id="${alertId}"]`);
      await detail.waitFor({ state: 'visible' });
      const rows = await detail.locator('[data-testid=evidence-table] tr').count();
      if (rows < 2) throw new Error(`evidence table has ${rows} rows`);
      await page.locator('svg[data-testid=speed-plot]').waitFor({ state: 'visible', timeout: 10000 });
      const pts = Number(await page.locator('svg[data-testid=speed-plot]').getAttribute('data-points'));
      if (!(pts >= 2)) throw new Error(`speed plot has ${pts} points`);
      await sleep(700); // the fit-to-segment animation
      await mapIdle(page);
      const seg = await page.evaluate(() => window.__lookout.map.queryRenderedFeatures({ layers: ['evidence-line'] }).length);
      if (!seg) throw new Error('the evidence segment is not drawn on the map');
      await shot(page, '03-alert-detail.png');
    });

    const comment = `e2e: checked with the watch at ${new Date().toISOString()}`;
    await step('operator acknowledges the alert with a comment', 20000, async () => {
      const btn = page.locator('[data-testid=ack-button]');
      if (await btn.isDisabled()) throw new Error('Acknowledge is disabled for an operator');
      await page.locator('[data-testid=ack-comment]').fill(comment);
      await btn.click();
      await page.locator('[data-testid=ack-info]').waitFor({ state: 'visible', timeout: 10000 });
      const status = await page.locator('[data-testid=alert-status]').getAttribute('data-status');
      if (status !== 'acknowledged') throw new Error(`status shown is ${status}`);
      const text = await page.locator('[data-testid=ack-info]').innerText();
      if (!text.includes(comment)) throw new Error(`acknowledgement does not show the comment: ${text}`);
      await shot(page, '04-acknowledged.png');
    });

    await step('the API says the alert is acknowledged', 5000, async () => {
      const r = await apiCall(node, node.operator, `/api/alerts/${encodeURIComponent(alertId)}`);
      if (r.status !== 200) throw new Error(`GET /api/alerts/${alertId} answered ${r.status}`);
      if (r.body.status !== 'acknowledged') throw new Error(`API status is ${r.body.status}`);
      if (r.body.ack?.comment !== comment) throw new Error(`API ack comment is ${JSON.stringify(r.body.ack)}`);
    });

    await step('vessel panel shows the track and plays it back', 30000, async () => {
      await page.locator('[data-testid=alert-vessel-link]').first().click();
      const panel = page.locator('[data-testid=vessel-panel]');
      await panel.waitFor({ state: 'visible' });
      await page.locator('[data-testid=playback-play]').waitFor({ state: 'visible', timeout: 10000 });
      const t0 = await page.locator('[data-testid=playback-time]').innerText();
      await page.locator('[data-testid=playback-slider]').fill('0');
      await page.locator('[data-testid=playback-play]').click();
      await sleep(1500);
      const t1 = await page.locator('[data-testid=playback-time]').innerText();
      if (t0 === t1) throw new Error(`playback time did not move (${t1})`);
      await page.locator('[data-testid=playback-play]').click(); // pause
      await mapIdle(page);
      await shot(page, '05-vessel-panel.png');
    });

    // One page at a time: SwiftShader renders on the CPU the node and the build share.
    await ctx.close();
    setPage(null);

    await step('viewer cannot acknowledge (button disabled, API 403)', 45000, async () => {
      const vctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
      const vpage = await vctx.newPage();
      setPage(vpage);
      vpage.on('pageerror', (e) => consoleErrors.push(`viewer pageerror: ${e.message}`));
      await vpage.goto(node.url + '/', { waitUntil: 'domcontentloaded' });
      await login(vpage, node.viewer);
      await vpage.locator('[data-testid=app]').waitFor({ state: 'visible' });
      await vpage.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
      // Any open alert (Eagle S raises several); failing that, the one acknowledged above.
      let row = vpage.locator('[data-testid=inbox-row][data-status=open]').first();
      if (!(await row.count())) {
        await vpage.locator('[data-testid=filter-state] button[data-state=all]').click();
        row = vpage.locator('[data-testid=inbox-row]').first();
      }
      await row.waitFor({ state: 'visible', timeout: 10000 });
      // New alerts keep arriving: pin the row by its id before clicking.
      const id = await row.getAttribute('data-alert-id');
      const pinned = vpage.locator(`[data-testid=inbox-row][data-alert-id="${id}"]`);
      const wasOpen = (await pinned.getAttribute('data-status')) === 'open';
      await pinned.click();
      await vpage.locator(`[data-testid=alert-detail][data-alert-id="${id}"]`).waitFor({ state: 'visible' });
      if (wasOpen) {
        const btn = vpage.locator('[data-testid=ack-button]');
        await btn.waitFor({ state: 'visible' });
        if (!(await btn.isDisabled())) throw new Error('Acknowledge is enabled for a viewer');
        await vpage.locator('[data-testid=ack-denied]').waitFor({ state: 'visible' });
        await btn.scrollIntoViewIfNeeded();
      }
      const r = await apiCall(node, node.viewer, `/api/alerts/${encodeURIComponent(id)}/ack`,
        { method: 'POST', body: JSON.stringify({ comment: 'viewer tries' }) });
      if (r.status !== 403) throw new Error(`viewer POST /ack answered ${r.status}, expected 403`);
      await mapIdle(vpage);
      await shot(vpage, '06-viewer.png');
      await vctx.close();
      setPage(null);
    });

    await step('the page stayed offline-clean and error-free', 1000, async () => {
      if (offsite.length) throw new Error(`requests left the node: ${[...new Set(offsite)].slice(0, 5).join(', ')}`);
      const errs = consoleErrors.filter((e) => !/401|Unauthorized|not-a-valid-token/i.test(e));
      if (errs.length) throw new Error(`browser errors:\n  ${errs.join('\n  ')}`);
    });

    log(`PASS in ${elapsed().toFixed(1)} s; screenshots in ${artefacts}`);
  } finally {
    clearTimeout(watchdog);
    await browser?.close().catch(() => {});
    await node.stop();
  }
}

main().catch((e) => {
  if (!process.exitCode) console.error(`\ne2e FAILED: ${e.stack || e.message}`);
  process.exitCode = 1;
});
