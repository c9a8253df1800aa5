// HTTP client for the Lookout node API: every request is relative to the page's
// origin and carries the session's bearer token. A 401 anywhere ends the session.

const TOKEN_KEY = 'lookout.token';
let unauthorizedHandler = () => {};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export async function api(path, { method = 'GET', body, token = getToken(), quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', `Cannot reach the node (${e.message})`);
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    const e = new ApiError(res.status, err.code || 'http_' + res.status, err.message || `${res.status} ${res.statusText}`);
    if (res.status === 401 && !quiet401) unauthorizedHandler(e);
    throw e;
  }
  return data;
}

export function qs(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  return parts.length ? '?' + parts.join('&') : '';
}

export function liveUrl(token) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/live?access_token=${encodeURIComponent(token)}`;
}
