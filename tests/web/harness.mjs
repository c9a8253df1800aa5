// What the web UI's end-to-end tests share (tests/web/e2e.mjs, tests/web/air_e2e.mjs):
// a real `lookout serve` on a free loopback port from a config the test writes,
// Debian's chromium through playwright-core, bounded steps that screenshot on
// failure, and the waits on the map.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const webDir = path.join(repo, 'web');
export const artefacts = path.resolve(process.env.LOOKOUT_ARTEFACTS || path.join(here, 'artefacts'));
export const chromiumPath = process.env.LOOKOUT_CHROMIUM || '/usr/bin/chromium';

const started = Date.now();
export const log = (...a) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`, ...a);
export const elapsed = () => (Date.now() - started) / 1000;

export function fail(message) {
  console.error(`\ne2e FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

export function loadChromium() {
  try {
    return createRequire(path.join(webDir, 'package.json'))('playwright-core').chromium;
  } catch {
    return fail('playwright-core is not installed: run `npm ci` in web/ (or `make test-web`)');
  }
}

export async function launchChromium(chromium) {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found (apt-get install chromium)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
}

// ------------------------------------------------------------------ the node

export function freePort(type = 'tcp') {
  if (type === 'udp') {
    // A UDP port free now (the node binds it a moment later).
    return import('node:dgram').then(({ default: dgram }) => new Promise((resolve, reject) => {
      const s = dgram.createSocket('udp4');
      s.on('error', reject);
      s.bind(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    }));
  }
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');
export const toml = (s) => JSON.stringify(s); // TOML basic strings accept JSON string escapes
export const newToken = () => crypto.randomBytes(24).toString('hex');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `lookout serve` with the config `makeConfig({ port, dir })` returns (the
 * [node] listen address must be 127.0.0.1:port) and waits for /api/health.
 */
export async function startNode(makeConfig, { logName = 'serve.log' } = {}) {
  const binary = path.resolve(process.env.LOOKOUT_BINARY || path.join(repo, 'build/lookout'));
  if (!fs.existsSync(binary)) fail(`no lookout binary at ${binary} (build it, or set LOOKOUT_BINARY)`);
  if (!fs.existsSync(path.join(webDir, 'dist/index.html'))) fail('web/dist is missing: run `npm run build` in web/');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-e2e-'));
  const port = await freePort();
  const cfgPath = path.join(dir, 'lookout.toml');
  fs.writeFileSync(cfgPath, await makeConfig({ port, dir }));
  fs.mkdirSync(artefacts, { recursive: true });
  const logPath = path.join(artefacts, logName);
  const out = fs.openSync(logPath, 'w');
  const args = ['serve', '--config', cfgPath, '--listen', `127.0.0.1:${port}`];
  log(`starting ${binary} ${args.join(' ')}`);
  let child = spawn(binary, args, { stdio: ['ignore', out, out], cwd: dir });
  let exited = null;
  child.on('exit', (code, sig) => { exited = { code, sig }; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (exited) fail(`lookout serve exited early (${exited.code ?? exited.sig}); see ${logPath}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) fail(`lookout serve did not answer /api/health within 20 s; see ${logPath}`);
    await sleep(100);
  }
  return {
    url, dir,
    // Stops the node (SIGTERM) and keeps its directory and port for restart().
    async halt() {
      if (exited) return;
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    },
    // Starts it again on the same config, store and port; waits for /api/health.
    async restart() {
      if (!exited) throw new Error('restart() of a running node');
      exited = null;
      log(`restarting ${binary} on port ${port}`);
      child = spawn(binary, args, { stdio: ['ignore', out, out], cwd: dir });
      child.on('exit', (code, sig) => { exited = { code, sig }; });
      const until = Date.now() + 20000;
      for (;;) {
        if (exited) throw new Error(`lookout serve exited on restart (${exited.code ?? exited.sig}); see ${logPath}`);
        try { if ((await fetch(`${url}/api/health`)).ok) return; } catch { /* not yet */ }
        if (Date.now() > until) throw new Error('the restarted node did not answer /api/health within 20 s');
        await sleep(100);
      }
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        for (let i = 0; i < 50 && !exited; i++) await sleep(100);
        if (!exited) { log('lookout serve ignored SIGTERM for 5 s; killing it'); child.kill('SIGKILL'); }
      }
      if (!process.exitCode) fs.rmSync(dir, { recursive: true, force: true });
      else log(`kept ${dir} for inspection`);
    },
  };
}

export async function apiCall(node, token, p, init = {}) {
  const headers = { ...(init.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body) headers['Content-Type'] = 'application/json';
  const r = await fetch(node.url + p, { ...init, headers });
  const text = await r.text();
  let body = null;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: r.status, body };
}

// ------------------------------------------------------------------ steps

let currentPage = null;
/** The page a failing step screenshots (null: none). */
export function setPage(page) { currentPage = page; }

export async function step(name, ms, fn) {
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([
      fn(),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out after ${ms / 1000} s`)), ms); }),
    ]);
  } catch (e) {
    if (currentPage) {
      await currentPage.screenshot({ path: path.join(artefacts, 'failure.png') }).catch(() => {});
    }
    fail(`step "${name}": ${e.message.slice(0, 2000)}${currentPage ? ` (screenshot: ${path.join(artefacts, 'failure.png')})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
  log(`ok  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// The map's `idle` event, or a moment with the style and every source loaded and no
// camera movement: live data re-tiles the vessel source every 500 ms and SwiftShader
// needs ~200 ms a frame, so `idle` itself may not come while the feed runs. After
// `softMs` the wait gives up quietly (a screenshot then shows a frame mid-update).
export async function mapIdle(page, softMs = 5000) {
  await page.waitForFunction(() => window.__lookout?.map, null, { timeout: 20000 });
  const how = await page.evaluate((soft) => new Promise((resolve) => {
    const map = window.__lookout.map;
    const finish = (why) => { clearInterval(timer); clearTimeout(cap); map.off('idle', onIdle); resolve(why); };
    const onIdle = () => finish('idle');
    const timer = setInterval(() => {
      if (map.isStyleLoaded() && map.areTilesLoaded() && !map.isMoving()) finish('settled');
    }, 50);
    const cap = setTimeout(() => finish('soft timeout'), soft);
    map.once('idle', onIdle);
    map.triggerRepaint();
  }), softMs);
  if (how === 'soft timeout') log(`    (map still busy after ${softMs / 1000} s; going on)`);
  // One more frame so that what was loaded is on the canvas.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function login(page, token) {
  await page.locator('[data-testid=login-token]').fill(token);
  await page.locator('[data-testid=login-submit]').click();
}

export const shot = (page, name) => page.screenshot({ path: path.join(artefacts, name) });

// ------------------------------------------------------------------ run and close

/**
 * Runs an e2e's `body({ errors, setBrowser })` with the closing every e2e shares: a
 * watchdog that stops the whole run after `totalTimeoutS`, the browser's errors
 * (pushed to `errors` by the pages; those matching `ignore` are expected, e.g. a
 * refused token's 401) checked as a last step, then the browser closed and the node
 * stopped whatever happened, and PASS or FAILED printed with the exit code set.
 */
export function runE2e({ node: startIt, totalTimeoutS, ignore = /401|Unauthorized/i, extraChecks }, body) {
  const main = async () => {
    fs.mkdirSync(artefacts, { recursive: true });
    const node = await startIt();
    let browser;
    const errors = [];
    const watchdog = setTimeout(() => {
      console.error(`\ne2e FAILED: the whole test exceeded ${totalTimeoutS} s`);
      process.exitCode = 1;
      Promise.resolve(browser?.close()).finally(() => node.stop()).finally(() => process.exit(1));
    }, totalTimeoutS * 1000);
    try {
      await body({ node, errors, setBrowser: (b) => { browser = b; } });
      await step('the pages stayed error-free', 1000, async () => {
        if (extraChecks) await extraChecks();
        const errs = errors.filter((e) => !ignore.test(e));
        if (errs.length) throw new Error(`browser errors:\n  ${errs.join('\n  ')}`);
      });
      log(`PASS in ${elapsed().toFixed(1)} s; screenshots in ${artefacts}`);
    } finally {
      clearTimeout(watchdog);
      await browser?.close().catch(() => {});
      await node.stop();
    }
  };
  main().catch((e) => {
    if (!process.exitCode) console.error(`\ne2e FAILED: ${e.stack || e.message}`);
    process.exitCode = 1;
  });
}
