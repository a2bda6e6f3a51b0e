// A pass-through proxy in front of the real server, on the addresses browsers use (127.0.0.1
// for Patron, localhost for the demo shop), so that the tests can see what went over the wire
// and cut Patron off: WebDriver classic can neither watch the network nor take a page offline
// in these engines, and a proxy behaves the same for every engine.
//
// The server listens on 127.0.0.2 with the proxy's port: the demo shop's origin
// (http://localhost:PORT, allowed to embed the widget) names the port, so the proxy must have
// the same one.
import http from 'node:http';

const listen = (server, host, port) => new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, () => { server.off('error', reject); resolve(server.address().port); });
});

export class Proxy {
  /** Listens on 127.0.0.1 and ::1 on one free port; `forward()` names the upstream. */
  static async start() {
    for (let attempt = 0; ; attempt += 1) {
      const proxy = new Proxy();
      const v4 = http.createServer(proxy.handle);
      const v6 = http.createServer(proxy.handle);
      proxy.servers = [v4];
      try {
        proxy.port = await listen(v4, '127.0.0.1', 0);
        // Some browsers try localhost on ::1 first.
        await listen(v6, '::1', proxy.port).then(() => proxy.servers.push(v6), (e) => {
          if (e.code !== 'EADDRNOTAVAIL' && e.code !== 'EAFNOSUPPORT') throw e;
        });
        return proxy;
      } catch (e) {
        proxy.close();
        if (attempt >= 5) throw e;
      }
    }
  }

  constructor() {
    this.upstream = null;
    /** Every finished exchange: `{method, path, status, body}` (body: parsed JSON, API only). */
    this.exchanges = [];
    this.waiters = [];
    this.cutOff = null;
    this.agent = new http.Agent({ keepAlive: true });
    this.handle = this.handle.bind(this);
  }

  forward(host, port) {
    this.upstream = { host, port };
  }

  /** Requests whose path matches `pattern` fail as on a dropped connection, until `restore()`. */
  cut(pattern) {
    this.cutOff = pattern;
  }

  restore() {
    this.cutOff = null;
  }

  /** Resolves with the next exchange that `matches` (register before the action causing it). */
  next(matches, timeout = 15_000) {
    return new Promise((resolve, reject) => {
      const waiter = { matches, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching request within ${timeout} ms`));
      }, timeout).unref();
    });
  }

  handle(req, res) {
    const path = req.url;
    if (this.cutOff?.test(path)) {
      this.record({ method: req.method, path, status: 0, body: null });
      req.socket.destroy();
      return;
    }
    const api = path.startsWith('/v1/');
    // API answers uncompressed, so that they can be read here.
    const headers = api ? { ...req.headers, 'accept-encoding': 'identity' } : req.headers;
    const upstream = http.request({
      ...this.upstream, path, method: req.method, headers, agent: this.agent,
    }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      if (!api) {
        up.pipe(res);
        up.on('end', () => this.record({ method: req.method, path, status: up.statusCode, body: null }));
        return;
      }
      const chunks = [];
      up.on('data', (c) => { chunks.push(c); res.write(c); });
      up.on('end', () => {
        res.end();
        const text = Buffer.concat(chunks).toString();
        let body = null;
        try { body = text ? JSON.parse(text) : null; } catch { body = text; }
        this.record({ method: req.method, path, status: up.statusCode, body });
      });
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }

  record(exchange) {
    this.exchanges.push(exchange);
    for (const w of this.waiters.filter((w) => w.matches(exchange))) {
      this.waiters = this.waiters.filter((other) => other !== w);
      w.resolve(exchange);
    }
  }

  close() {
    for (const s of this.servers ?? []) { s.closeAllConnections?.(); s.close(); }
    this.agent.destroy();
  }
}
