// A retailer's first site, set up by following README.md ("Setting up a new site") and
// nothing else: `patron-server sites new`, the name and the shop's origin in site.yaml, an
// article in faq/, the server started on that content, and the script tag pasted into a shop
// page on another origin. This spec starts its own server (on a free port, with a throw-away
// content folder and database) and its own shop, and stops both.
import { test, expect } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Shop } from './support.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'target/debug/patron-server');
const NAME = { 'zh-CN': '极客户外', en: 'Acme Outdoor' };

let tmp;
let patron;
let shop;
let shopUrl;
let adminKey;

/** The README's embed snippet, pointed at this Patron. */
const shopPage = (patronUrl) => `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Acme Outdoor</title></head>
<body>
<h1>Acme Outdoor</h1>
<script>
  window.patron = window.patron || function () { (window.patron.q = window.patron.q || []).push(arguments); };
</script>
<script src="${patronUrl}/embed.js" data-site="acme" async></script>
</body></html>`;

/** Starts `patron-server serve` and resolves with its address from the line it prints. */
function startPatron(content) {
  const server = spawn(bin, [
    'serve', '--addr', '127.0.0.1:0',
    '--database-url', `sqlite://${join(tmp, 'patron.db')}`,
    '--content-dir', content,
    '--widget-dir', join(root, 'dist'),
  ], { cwd: tmp, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    server.on('exit', (code) => reject(new Error(`patron-server exited (${code})`)));
    createInterface({ input: server.stdout }).on('line', (line) => {
      const listening = line.match(/listening on (http:\/\/\S+)/);
      if (listening) resolve({ server, url: listening[1].replace(/\/$/, '') });
    });
  });
}

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'patron-new-site-'));
  const content = join(tmp, 'content');

  // 1. patron-server sites new acme: the folder, and the admin key printed once.
  const out = execFileSync(bin, ['sites', 'new', 'acme', '--content-dir', content], { encoding: 'utf8' });
  adminKey = out.split('\n').map((l) => l.trim()).find((l) => /^[A-Za-z0-9_-]{43}$/.test(l));

  // The shop, on an origin of its own (started first: its origin goes into site.yaml).
  let page = '';
  shop = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://localhost:${shop.address().port}`;

  // 2. site.yaml: the name and the shop's origin; faq/: one article.
  const siteYaml = join(content, 'acme/site.yaml');
  writeFileSync(siteYaml, readFileSync(siteYaml, 'utf8')
    .replace('name: { zh-CN: acme, en: acme }', `name: { zh-CN: ${NAME['zh-CN']}, en: ${NAME.en} }`)
    .replace('"https://shop.example.com"', `"${shopUrl}"`));
  writeFileSync(join(content, 'acme/faq/opening-hours.zh-CN.md'),
    '---\nid: opening-hours\nlocale: zh-CN\ncategory: 门店\ntitle: 门店几点营业？\n---\n每天 9:00 到 21:00。\n');

  // 3. Start the server on that content, 4. paste the script tag into the shop.
  patron = await startPatron(content);
  page = shopPage(patron.url);
});

test.afterAll(async () => {
  patron?.server.kill('SIGTERM');
  await new Promise((resolve) => (shop ? shop.close(resolve) : resolve()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('a site made with sites new opens on the shop with its own name and article', async ({ page }) => {
  expect(adminKey, 'sites new prints the admin key').toBeTruthy();
  const acme = new Shop(page);
  await page.goto(shopUrl);
  await expect(acme.launcher).toBeVisible();
  await acme.open();
  await expect(acme.widget.getByRole('heading', { level: 1 })).toHaveText(NAME['zh-CN']);

  // The article from faq/ is offered on the Help screen (its category starts folded) and opens.
  await acme.moduleButton('faq').click();
  await acme.widget.getByRole('button', { name: '门店几点营业？' }).click();
  await expect(acme.widget.getByText('每天 9:00 到 21:00。')).toBeVisible();
});
