// Small formatting helpers shared by the panels: UTC times, numbers, HTML escaping,
// risk and severity classes.

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const pad = (n) => String(n).padStart(2, '0');

export function parseTime(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** "14:22:46Z" */
export function hms(t) {
  if (t == null) return '—';
  const d = new Date(t);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** "25 Dec 14:22Z" */
export function dayTime(t) {
  if (t == null) return '—';
  const d = new Date(t);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${d.getUTCDate()} ${mon} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}Z`;
}

/** "2024-12-25 14:22:46Z" */
export function fullTime(t) {
  if (t == null) return '—';
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${hms(t)}`;
}

/** "3 min ago" relative to the node clock */
export function ago(t, now) {
  if (t == null || now == null) return '';
  const s = Math.round((now - t) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function num(x, digits = 1) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

export function latlon(lat, lon) {
  if (typeof lat !== 'number' || typeof lon !== 'number') return '—';
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat).toFixed(4)}°${ns} ${Math.abs(lon).toFixed(4)}°${ew}`;
}

/** Risk band 0..3: none / low / elevated / high. */
export function riskBand(risk) {
  if (!(risk > 0)) return 0;
  if (risk < 40) return 1;
  if (risk < 70) return 2;
  return 3;
}

export const RISK_COLOURS = ['#8b98a9', '#3fb97f', '#f2a93b', '#f0524f'];

export function humanKind(kind) {
  return String(kind || '').replace(/_/g, ' ');
}

export function humanKey(key) {
  const map = {
    cruise_kn: 'Cruise speed', speed_kn: 'Speed', yaw_deg_rms: 'Yaw (RMS)', drag_km: 'Drag distance',
    drop_pct: 'Speed drop', duration_min: 'Duration', assets_crossed: 'Assets crossed', asset_point: 'Nearest asset point',
    crossed_before_slowdown: 'Crossed before slowdown', reported_at_anchor: 'Reported at anchor', slow_since: 'Slow since',
    gap_min: 'Gap', distance_km: 'Distance', segment: 'Track segment',
    launch_point: 'Launch point', vessel_position: 'Vessel there', back_projection_s: 'Projected back', climb_mps: 'Climb rate',
    speed_mps: 'Speed', eta_s: 'Time to zone', spread_m: 'Spread', members: 'Tracks',
    peers: 'Ships around', slowed_drop_pct: 'Slowed by (quartiles)', share_pct: 'Share slowed',
    yaw_median_deg: 'Median yaw', area_km: 'Area (km)',
  };
  if (map[key]) return map[key];
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const UNITS = [[/_kn$/, 'kn'], [/_mps$/, 'm/s'], [/_km$/, 'km'], [/_m$/, 'm'], [/_min$/, 'min'], [/_pct$/, '%'], [/_deg(_rms)?$/, '°'], [/_s$/, 's']];

/** Renders one evidence value as readable text (units from the key's suffix). */
export function evidenceValue(key, v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    const unit = UNITS.find(([re]) => re.test(key));
    const digits = Number.isInteger(v) ? 0 : (Math.abs(v) < 1 ? 2 : 1);
    const text = v.toFixed(digits);
    if (!unit) return text;
    return unit[1] === '%' || unit[1] === '°' ? `${text}${unit[1]}` : `${text} ${unit[1]}`;
  }
  if (typeof v === 'string') {
    const t = /^\d{4}-\d\d-\d\dT/.test(v) ? parseTime(v) : null;
    return t != null ? fullTime(t) : v;
  }
  if (Array.isArray(v)) {
    if (key === 'area_km' && v.length === 2) return `${v[0]} x ${v[1]} km`;
    if (key === 'slowed_drop_pct' && v.length === 3) return `${v[0]}-${v[2]}% (median ${v[1]}%)`;
    if (v.length === 2 && v.every((x) => typeof x === 'number')) return latlon(v[1], v[0]);
    if (v.length === 0) return 'none';
    if (v.every((x) => typeof x !== 'object')) return v.join(', ');
    return `${v.length} items`;
  }
  if (typeof v.lat === 'number' && typeof v.lon === 'number') return latlon(v.lat, v.lon);
  if (key === 'class_probabilities') {
    return Object.entries(v).filter(([, p]) => typeof p === 'number').sort((a, b) => b[1] - a[1])
      .map(([c, p]) => `${c} ${Math.round(p * 100)}%`).join(', ');
  }
  // What the ships around did (issue 21): the detector's own sentence.
  if (key === 'peers' && typeof v.text === 'string') return v.text;
  if (key === 'remote_id') {
    // A drone's own broadcast (issue 17): none, or who it says it is.
    if (!v.broadcast) return 'none broadcast';
    const parts = [];
    if (v.serial) parts.push(`serial ${v.serial}`);
    if (v.operator_id) parts.push(`operator ${v.operator_id}`);
    const op = v.operator_position;
    if (op && typeof op.lat === 'number' && typeof op.lon === 'number') parts.push(`operator at ${latlon(op.lat, op.lon)}`);
    return parts.length ? parts.join(', ') : 'broadcast';
  }
  // Any other object: its fields in words, never raw JSON.
  const entries = Object.entries(v);
  if (entries.length === 0) return 'none';
  return entries.map(([k, x]) => `${humanKey(k).toLowerCase()} ${evidenceValue(k, x)}`).join(', ');
}

const NAV = ['Under way using engine', 'At anchor', 'Not under command', 'Restricted manoeuvrability',
  'Constrained by draught', 'Moored', 'Aground', 'Engaged in fishing', 'Under way sailing'];
export function navStatus(n) {
  return typeof n === 'number' && NAV[n] ? NAV[n] : null;
}
