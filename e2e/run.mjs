// Starts the real server on a free port with a throw-away SQLite database and the release
// build in dist/, runs the Playwright suite against it, and always stops the server it started
// (Playwright's own webServer option can leave it running; see shared/TOOLCHAIN.md).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startPatron } from './server.mjs';

let server;
function stop(code) {
  server?.stop();
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(130));

try {
  server = await startPatron({ onExit: (code) => { console.error(`server exited early (${code})`); stop(1); } });
} catch (e) {
  console.error(e.message);
  stop(1);
}

const runner = spawn(join(ROOT, 'node_modules/.bin/playwright'), ['test', '-c', join(ROOT, 'e2e/playwright.config.mjs'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, PATRON_URL: server.patron, SHOP_URL: server.shop },
});
runner.on('exit', (code) => stop(code ?? 1));
