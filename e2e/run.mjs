// Starts the real server on a free port with a throw-away SQLite database and the release
// build in dist/, runs the Playwright suite against it, and always stops the server it started
// (Playwright's own webServer option can leave it running; see shared/TOOLCHAIN.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'patron-e2e-'));
const server = spawn(join(root, 'target/debug/patron-server'), [
  'serve', '--demo', '--addr', '127.0.0.1:0',
  '--database-url', `sqlite://${join(dataDir, 'e2e.db')}`,
  '--content-dir', join(root, 'content'),
  '--widget-dir', join(root, 'dist'),
], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

let stopping = false;
function stop(code) {
  if (!stopping) {
    stopping = true;
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(130));
server.on('exit', (code) => { if (!stopping) { console.error(`server exited early (${code})`); stop(1); } });

const urls = await new Promise((resolve, reject) => {
  const found = {};
  const timer = setTimeout(() => reject(new Error('server did not report its address within 60 s')), 60_000);
  createInterface({ input: server.stdout }).on('line', (line) => {
    console.log(`[server] ${line}`);
    const listening = line.match(/listening on (http:\/\/\S+)/);
    const shop = line.match(/demo shop at (http:\/\/\S+)/);
    if (listening) found.patron = listening[1].replace(/\/$/, '');
    if (shop) found.shop = shop[1].replace(/\/$/, '');
    if (found.patron && found.shop) { clearTimeout(timer); resolve(found); }
  });
}).catch((e) => { console.error(e.message); stop(1); });

const runner = spawn(join(root, 'node_modules/.bin/playwright'), ['test', '-c', join(root, 'e2e/playwright.config.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATRON_URL: urls.patron, SHOP_URL: urls.shop },
});
runner.on('exit', (code) => stop(code ?? 1));
