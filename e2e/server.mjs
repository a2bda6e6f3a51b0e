// The real server for the browser suites: the debug build of patron-server in demo mode, a
// throw-away SQLite database, the release build of the widget in dist/. The caller stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = new URL('..', import.meta.url).pathname;

/**
 * Starts patron-server on `addr` (port 0: a free one) and resolves once it reports its two
 * addresses: `{patron, shop, port, stop}`. `publicUrl` is what browsers are told Patron's
 * origin is (a proxy in front of it, for instance); `contentDir` the sites it serves.
 * `onExit` runs if it dies before `stop`; `quiet` leaves only warnings in its log: no line per
 * request, and not the demo site's undeliverable detractor alerts (it has no webhook secret).
 * `log` gets each line it prints on stdout; `stderr` is its log's fate.
 */
export async function startPatron({ addr = '127.0.0.1:0', publicUrl, contentDir = join(ROOT, 'content'), onExit, quiet = false, log = (line) => console.log(`[server] ${line}`), stderr = 'inherit' } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'patron-e2e-'));
  const server = spawn(join(ROOT, 'target/debug/patron-server'), [
    'serve', '--demo', '--allow-private-webhooks', '--addr', addr,
    '--database-url', `sqlite://${join(dataDir, 'e2e.db')}`,
    '--content-dir', contentDir,
    '--widget-dir', join(ROOT, 'dist'),
    ...(publicUrl ? ['--public-url', publicUrl] : []),
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', stderr], env: quiet ? { ...process.env, RUST_LOG: 'warn,patron_server::webhooks=error' } : process.env });

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  server.on('exit', (code) => { if (!stopped) { stop(); onExit?.(code); } });

  return new Promise((resolve, reject) => {
    const found = {};
    const timer = setTimeout(() => { stop(); reject(new Error('server did not report its address within 60 s')); }, 60_000);
    createInterface({ input: server.stdout }).on('line', (line) => {
      log(line);
      const listening = line.match(/listening on (http:\/\/\S+)/);
      const shop = line.match(/demo shop at (http:\/\/\S+)/);
      // The demo console's owner, for the console's tests.
      const console_ = line.match(/demo console at \S+ \(site (\S+), email (\S+), password (\S+)\)/);
      if (console_) [, process.env.CONSOLE_SITE, process.env.CONSOLE_EMAIL, process.env.CONSOLE_PASSWORD] = console_;
      if (listening) found.patron = listening[1].replace(/\/$/, '');
      if (shop) found.shop = shop[1].replace(/\/$/, '');
      if (found.patron && found.shop) {
        clearTimeout(timer);
        resolve({ ...found, port: Number(new URL(found.shop).port), stop });
      }
    });
  });
}
