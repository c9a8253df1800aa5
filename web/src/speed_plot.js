// Speed over time as a small SVG: the vessel's reported speed, the evidence window
// shaded, the cruise speed dashed and the alert time marked.
import { esc, hms } from './format.js';

const W = 360;
const H = 150;
const M = { l: 34, r: 10, t: 10, b: 22 };

/** A round step (1, 2 or 5 times a power of ten) that cuts `range` into about `target` parts. */
export function niceStep(range, target) {
  const raw = range / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/**
 * points: [{t, sog}], opts: {window:[t0,t1], cruise, alertTime}
 * Returns an SVG string (empty-state text when there is nothing to plot).
 */
export function speedPlot(points, opts = {}) {
  const scale = speedScale(points, opts);
  if (scale.pts.length < 2) {
    return `<div class="plot-empty" data-testid="speed-plot" data-points="${scale.pts.length}">No speed history for this period.</div>`;
  }
  const { pts, t0, t1, vmax, x, y } = scale;

  const out = [];
  out.push(`<svg class="plot" data-testid="speed-plot" data-points="${pts.length}" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Speed over time">`);
  // Grid and y axis labels.
  const ys = niceStep(vmax, 4);
  for (let v = 0; v <= vmax; v += ys) {
    out.push(`<line class="grid" x1="${M.l}" x2="${W - M.r}" y1="${y(v)}" y2="${y(v)}"/>`);
    out.push(`<text class="axis" x="${M.l - 5}" y="${y(v) + 3}" text-anchor="end">${+v.toFixed(1)}</text>`);
  }
  out.push(`<text class="axis" x="${M.l - 5}" y="${M.t - 1}" text-anchor="end">kn</text>`);
  // Evidence window.
  if (opts.window) {
    const a = x(Math.max(t0, opts.window[0]));
    const b = x(Math.min(t1, opts.window[1]));
    out.push(`<rect class="window" x="${a}" y="${M.t}" width="${Math.max(1, b - a)}" height="${H - M.t - M.b}"/>`);
  }
  // x axis labels: start, middle, end.
  for (const f of [0, 0.5, 1]) {
    const t = t0 + f * (t1 - t0);
    const anchor = f === 0 ? 'start' : f === 1 ? 'end' : 'middle';
    out.push(`<text class="axis" x="${x(t)}" y="${H - 6}" text-anchor="${anchor}">${esc(hms(t).slice(0, 5))}Z</text>`);
  }
  if (opts.cruise) {
    out.push(`<line class="cruise" x1="${M.l}" x2="${W - M.r}" y1="${y(opts.cruise)}" y2="${y(opts.cruise)}"/>`);
    out.push(`<text class="cruise-l" x="${W - M.r - 2}" y="${y(opts.cruise) - 4}" text-anchor="end">cruise ${opts.cruise} kn</text>`);
  }
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.sog).toFixed(1)}`).join('');
  out.push(`<path class="area" d="${d}L${x(pts[pts.length - 1].t).toFixed(1)},${y(0)}L${x(pts[0].t).toFixed(1)},${y(0)}Z"/>`);
  out.push(`<path class="speed" d="${d}"/>`);
  if (opts.alertTime) {
    out.push(`<line class="alert-t" x1="${x(opts.alertTime)}" x2="${x(opts.alertTime)}" y1="${M.t}" y2="${H - M.b}"/>`);
  }
  out.push('</svg>');
  return out.join('');
}

/**
 * The plot's scales: the points that can be drawn (finite time and speed, speed
 * below 102.2 kn, AIS's "not available"), the time span (widened to the evidence
 * window's start and the alert time), the top speed (at least 4 kn and the cruise
 * speed, plus 10 %) and the maps from time and speed to SVG x and y.
 */
export function speedScale(points, opts = {}) {
  const pts = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.sog) && p.sog < 102.2);
  if (pts.length === 0) return { pts };
  const t0 = Math.min(pts[0].t, opts.window?.[0] ?? Infinity);
  const t1 = Math.max(pts[pts.length - 1].t, opts.alertTime ?? -Infinity);
  const vmax = Math.max(4, ...pts.map((p) => p.sog), opts.cruise || 0) * 1.1;
  const x = (t) => M.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - M.l - M.r);
  const y = (v) => H - M.b - (v / vmax) * (H - M.t - M.b);
  return { pts, t0, t1, vmax, x, y };
}

export const PLOT_SIZE = { width: W, height: H, margin: M };
