// Starts the real server (target/debug/patron-server) on a free port with a throw-away SQLite
// database and the release build in dist/, and stops it again: shared by the Playwright suite
// (e2e/run.mjs) and the benchmark (e2e/bench/open.mjs). Started here with a known pid rather
// than by Playwright's webServer option, which can leave it running (see shared/TOOLCHAIN.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const root = new URL('..', import.meta.url).pathname;

/**
 * Resolves to `{patron, shop, stop}` once the server has printed both addresses; `stop(code)`
 * stops it, removes its database and exits with `code`. If the server stops by itself, the
 * process exits with 1. `log` gets each line the server prints; `stderr` is its log's fate.
 */
export async function startServer({ log = (line) => console.log(`[server] ${line}`), stderr = 'inherit' } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'patron-e2e-'));
  const server = spawn(join(root, 'target/debug/patron-server'), [
    'serve', '--demo', '--addr', '127.0.0.1:0',
    '--database-url', `sqlite://${join(dataDir, 'e2e.db')}`,
    '--content-dir', join(root, 'content'),
    '--widget-dir', join(root, 'dist'),
  ], { cwd: root, stdio: ['ignore', 'pipe', stderr] });

  let stopping = false;
  const stop = (code) => {
    if (!stopping) {
      stopping = true;
      server.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(130));
  server.on('exit', (code) => { if (!stopping) { console.error(`server exited early (${code})`); stop(1); } });

  const urls = await new Promise((resolve, reject) => {
    const found = {};
    const timer = setTimeout(() => reject(new Error('server did not report its address within 60 s')), 60_000);
    createInterface({ input: server.stdout }).on('line', (line) => {
      log(line);
      const listening = line.match(/listening on (http:\/\/\S+)/);
      const shop = line.match(/demo shop at (http:\/\/\S+)/);
      if (listening) found.patron = listening[1].replace(/\/$/, '');
      if (shop) found.shop = shop[1].replace(/\/$/, '');
      if (found.patron && found.shop) { clearTimeout(timer); resolve(found); }
    });
  }).catch((e) => { console.error(e.message); stop(1); });
  return { ...urls, stop };
}
