// Starts the real server on a free port with a throw-away SQLite database and the release
// build in dist/ (e2e/server.mjs), and a retailer's own site beside it (e2e/host-site.mjs),
// runs the Playwright suite against them, and always stops the servers it started
// (Playwright's own webServer option can leave them running; see shared/TOOLCHAIN.md).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostSite } from './host-site.mjs';
import { ROOT, startPatron } from './server.mjs';

const hostSite = await startHostSite();

// The content as it is, but the demo site also allows the host site's origin to embed it (its
// port is known only now, as the demo shop's is; the server adds that one itself).
const contentDir = join(mkdtempSync(join(tmpdir(), 'patron-e2e-content-')), 'content');
cpSync(join(ROOT, 'content'), contentDir, { recursive: true });
const siteFile = join(contentDir, 'demo/site.yaml');
const site = readFileSync(siteFile, 'utf8');
if (!/^allowed_origins: \[/m.test(site)) throw new Error(`${siteFile}: no allowed_origins list to extend`);
writeFileSync(siteFile, site.replace(/^allowed_origins: \[/m, `allowed_origins: ["${hostSite.origin}", `));

let server;
function stop(code) {
  server?.stop();
  hostSite.close();
  rmSync(join(contentDir, '..'), { recursive: true, force: true });
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(130));

try {
  server = await startPatron({ contentDir, onExit: (code) => { console.error(`server exited early (${code})`); stop(1); } });
} catch (e) {
  console.error(e.message);
  stop(1);
}
hostSite.setPatron(server.patron);

const runner = spawn(join(ROOT, 'node_modules/.bin/playwright'), ['test', '-c', join(ROOT, 'e2e/playwright.config.mjs'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, PATRON_URL: server.patron, SHOP_URL: server.shop, HOST_URL: hostSite.origin },
});
runner.on('exit', (code) => stop(code ?? 1));
