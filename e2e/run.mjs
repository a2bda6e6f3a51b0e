// Starts the real server on a free port with a throw-away SQLite database and the release
// build in dist/, and a retailer's own site beside it (e2e/host-site.mjs), runs the Playwright
// suite against them, and always stops the servers it started (Playwright's own webServer
// option can leave them running; see shared/TOOLCHAIN.md).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startHostSite } from './host-site.mjs';

const root = new URL('..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'patron-e2e-'));
const hostSite = await startHostSite();

// The content as it is, but the demo site also allows the host site's origin to embed it (its
// port is known only now, as the demo shop's is; the server adds that one itself).
const contentDir = join(dataDir, 'content');
cpSync(join(root, 'content'), contentDir, { recursive: true });
const siteFile = join(contentDir, 'demo/site.yaml');
const site = readFileSync(siteFile, 'utf8');
if (!/^allowed_origins: \[/m.test(site)) throw new Error(`${siteFile}: no allowed_origins list to extend`);
writeFileSync(siteFile, site.replace(/^allowed_origins: \[/m, `allowed_origins: ["${hostSite.origin}", `));

const server = spawn(join(root, 'target/debug/patron-server'), [
  'serve', '--demo', '--allow-private-webhooks', '--addr', '127.0.0.1:0',
  '--database-url', `sqlite://${join(dataDir, 'e2e.db')}`,
  '--content-dir', contentDir,
  '--widget-dir', join(root, 'dist'),
], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

let stopping = false;
function stop(code) {
  if (!stopping) {
    stopping = true;
    server.kill('SIGTERM');
    hostSite.close();
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
hostSite.setPatron(urls.patron);

const runner = spawn(join(root, 'node_modules/.bin/playwright'), ['test', '-c', join(root, 'e2e/playwright.config.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATRON_URL: urls.patron, SHOP_URL: urls.shop, HOST_URL: hostSite.origin },
});
runner.on('exit', (code) => stop(code ?? 1));
