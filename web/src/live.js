// WebSocket client for /api/live: subscribes to the map's bounding box, hands each
// message to the app, reconnects with back-off, and reports its state for the top bar.
// It pings every second: the pong, stamped with the node's time and queued behind
// whatever the node has queued for this client, keeps the lag indicator honest on
// a quiet picture (node_clock.js).
import { liveUrl } from './api.js';

export class LiveClient {
  constructor({ token, onMessage, onState, onUnauthorized }) {
    this.token = token;
    this.onMessage = onMessage;
    this.onState = onState;
    this.onUnauthorized = onUnauthorized;
    this.bbox = null;
    this.ws = null;
    this.retry = 0;
    this.closed = false;
    this.opened = false;
    this.lastClose = null; // {code, reason} of the last close, for the banner
    this.pinger = 0;
    this.held = false; // the node does not answer: no attempts until kick()
  }

  /**
   * No reconnection attempts until kick(): the app holds them while the node does
   * not answer its probe. Each failed attempt would make the browser log the socket's
   * address, and with it the access token, to the console.
   */
  hold() {
    this.held = true;
    clearTimeout(this.timer);
  }

  start() {
    this.closed = false;
    this.connect();
  }

  stop() {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.ws) this.ws.close();
  }

  /** Reconnects now instead of after the back-off (the node answers again). */
  kick() {
    this.held = false;
    if (this.closed || this.ws) return;
    clearTimeout(this.timer);
    this.retry = 0;
    this.connect();
  }

  subscribe(bbox) {
    this.bbox = bbox;
    this.send({ subscribe: { bbox } });
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(obj));
  }

  connect() {
    this.onState('connecting');
    this.opened = false;
    let ws;
    try {
      ws = new WebSocket(liveUrl(this.token));
    } catch {
      this.reconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.opened = true;
      this.retry = 0;
      this.onState('live');
      if (this.bbox) this.send({ subscribe: { bbox: this.bbox } });
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ ping: Date.now() }), 1000);
    };
    ws.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      this.onMessage(msg);
    };
    ws.onclose = (ev) => {
      this.ws = null;
      clearInterval(this.pinger);
      this.lastClose = { code: ev.code, reason: ev.reason };
      if (this.closed) return;
      this.onState('offline');
      // A socket refused before opening may be an expired token: the app checks
      // with an HTTP request, which ends the session on 401.
      if (!this.opened) this.onUnauthorized?.();
      this.reconnect();
    };
    ws.onerror = () => {};
  }

  reconnect() {
    if (this.closed || this.held) return;
    const delay = Math.min(15000, 500 * 2 ** this.retry) * (0.75 + Math.random() * 0.5);
    this.retry++;
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
