// Unit tests of the speed plot: its scales and the SVG it writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceStep, speedPlot, speedScale, PLOT_SIZE } from '../src/speed_plot.js';

const t0 = Date.UTC(2024, 11, 25, 10, 0, 0);
const min = 60000;
// The Eagle S slowing from 8.5 kn to about 6 kn (anchor down), one report a minute.
const eagle = [8.5, 8.4, 8.6, 7.1, 6.4, 6.3, 6.2, 6.3].map((sog, i) => ({ t: t0 + i * min, sog }));

test('niceStep gives 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(10, 4), 2);
  assert.equal(niceStep(9.35, 4), 2);
  assert.equal(niceStep(4.4, 4), 1);
  assert.equal(niceStep(40, 4), 10);
  assert.equal(niceStep(22, 4), 5);
  assert.equal(niceStep(0.5, 4), 0.1);
});

test('speeds that are not available (102.3 kn) or not numbers are left out', () => {
  const pts = [...eagle, { t: t0 + 9 * min, sog: 102.3 }, { t: t0 + 10 * min, sog: NaN }, { t: NaN, sog: 5 }];
  assert.equal(speedScale(pts).pts.length, eagle.length);
});

test('the time span takes in the evidence window and the alert time', () => {
  const s = speedScale(eagle, { window: [t0 - 10 * min, t0 + 5 * min], alertTime: t0 + 20 * min });
  assert.equal(s.t0, t0 - 10 * min);
  assert.equal(s.t1, t0 + 20 * min);
  const { width, margin } = PLOT_SIZE;
  assert.equal(s.x(s.t0), margin.l);
  assert.equal(s.x(s.t1), width - margin.r);
});

test('the speed axis reaches the top speed or the cruise speed, with room above', () => {
  assert.ok(Math.abs(speedScale(eagle).vmax - 8.6 * 1.1) < 1e-9);
  assert.ok(Math.abs(speedScale(eagle, { cruise: 12 }).vmax - 12 * 1.1) < 1e-9);
  assert.ok(Math.abs(speedScale([{ t: t0, sog: 0.2 }, { t: t0 + min, sog: 0.4 }]).vmax - 4 * 1.1) < 1e-9);
  const s = speedScale(eagle);
  const { height, margin } = PLOT_SIZE;
  assert.equal(s.y(0), height - margin.b);
  assert.ok(Math.abs(s.y(s.vmax) - margin.t) < 1e-9);
});

test('fewer than two points give the empty state, not an SVG', () => {
  assert.match(speedPlot([]), /plot-empty.*data-points="0"/);
  assert.match(speedPlot(eagle.slice(0, 1)), /plot-empty.*data-points="1"/);
});

test('the SVG holds the speed line, the window, the cruise line and the alert time', () => {
  const svg = speedPlot(eagle, { window: [t0 + 3 * min, t0 + 7 * min], cruise: 8.5, alertTime: t0 + 6 * min });
  assert.match(svg, /^<svg class="plot" data-testid="speed-plot" data-points="8"/);
  assert.match(svg, /<path class="speed" d="M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){7}"\/>/);
  assert.match(svg, /<rect class="window"/);
  assert.match(svg, /cruise 8.5 kn/);
  assert.match(svg, /<line class="alert-t"/);
  assert.match(svg, />10:00Z</);
  assert.ok(svg.endsWith('</svg>'));
});
