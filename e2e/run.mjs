// Starts the real server (e2e/server.mjs), runs the Playwright suite against it, and always
// stops the server it started.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { root, startServer } from './server.mjs';

const { patron, shop, stop } = await startServer();
const runner = spawn(join(root, 'node_modules/.bin/playwright'), ['test', '-c', join(root, 'e2e/playwright.config.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATRON_URL: patron, SHOP_URL: shop },
});
runner.on('exit', (code) => stop(code ?? 1));
