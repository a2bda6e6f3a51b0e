// The widget embedded in the demo shop exactly as a retailer embeds it.
import { test, expect } from '@playwright/test';
import { Shop, MODULES, NAMES, PATRON_URL, SHOP_URL } from './support.mjs';

test('the demo shop loads and its launcher is an accessible button', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await expect(page.getByRole('button', { name: /加入购物车/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '客户服务' })).toHaveAttribute('aria-expanded', 'false');
  // The shop and Patron are different origins, as on a real retailer's site.
  expect(new URL(SHOP_URL).origin).not.toBe(new URL(PATRON_URL).origin);
});

test('no widget code is fetched before the customer reaches for the launcher', async ({ page }) => {
  const widgetRequests = [];
  page.on('request', (r) => { if (/\/widget\/|\.wasm/.test(r.url())) widgetRequests.push(r.url()); });
  const shop = new Shop(page);
  await shop.goto();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  expect(widgetRequests).toEqual([]);

  const wasm = page.waitForRequest(/\.wasm$/);
  await shop.open();
  await wasm;
  expect(widgetRequests.some((u) => u.endsWith('.wasm'))).toBe(true);
});

test('the home screen paints with its guide suggestion without fetching any chunk', async ({ page }) => {
  // What the first open fetches is what size-budget.toml counts as the first open.
  const chunks = [];
  page.on('request', (r) => { if (/\/(split|chunk)_\w+\.wasm$/.test(r.url())) chunks.push(r.url()); });
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  await expect(shop.widget.getByTestId('guide-suggestion')).toBeVisible();
  expect(chunks).toEqual([]);
});

test('the launcher opens the panel on the home screen with four modules in Chinese', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  await expect(shop.launcher).toHaveAttribute('aria-expanded', 'true');
  await expect(shop.widget.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(shop.widget.getByRole('heading', { level: 1 })).toHaveText('明家生活');
  for (const m of MODULES) await expect(shop.moduleButton(m)).toContainText(NAMES['zh-CN'][m]);
});

test('boot switches the locale, before and after the panel opened', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { site: 'demo', locale: 'en' });
  await shop.open();
  for (const m of MODULES) await expect(shop.moduleButton(m)).toContainText(NAMES.en[m]);
  await expect(shop.widget.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('button', { name: '繁體' }).click();
  for (const m of MODULES) await expect(shop.moduleButton(m)).toContainText(NAMES['zh-TW'][m]);
  await page.getByRole('button', { name: '简体' }).click();
  for (const m of MODULES) await expect(shop.moduleButton(m)).toContainText(NAMES['zh-CN'][m]);
});

test('each module can be opened and left', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  for (const m of MODULES) {
    await shop.moduleButton(m).click();
    const screen = shop.widget.getByTestId(`screen-${m}`);
    await expect(screen).toBeVisible();
    await expect(screen.getByRole('heading', { level: 2 })).toHaveText(NAMES['zh-CN'][m]);
    await expect(screen.getByRole('heading', { level: 2 })).toBeFocused();
    await shop.widget.getByTestId('back').click();
    await expect(shop.widget.getByTestId('home')).toBeVisible();
  }
});

test('patron("open", module) opens straight into a module', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('open', { view: 'points' });
  await expect(shop.widget.getByTestId('screen-points')).toBeVisible();
});

test('the panel closes and events reach patron("on") callbacks', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await page.evaluate(() => {
    window.seen = [];
    window.patron('on', '*', (data, name) => window.seen.push(name));
  });
  await shop.open();
  await shop.widget.getByTestId('close').click();
  await expect(shop.iframe).toBeHidden();
  await expect(shop.launcher).toHaveAttribute('aria-expanded', 'false');
  const seen = await page.evaluate(() => window.seen);
  expect(seen).toEqual(expect.arrayContaining(['open', 'ready', 'navigate', 'close-request', 'close']));
});

test('messages from a foreign origin are ignored on both sides', async ({ page, context }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();

  // A third-party frame on the shop page pretends to be the widget asking to close.
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.sandbox = 'allow-scripts';
    f.title = 'third party';
    f.srcdoc = `<script>parent.postMessage({ns:'patron',v:1,type:'event',name:'close-request'},'*')<\/script>`;
    document.body.appendChild(f);
  });
  await page.waitForTimeout(500);
  await expect(shop.iframe).toBeVisible();
  await expect(shop.launcher).toHaveAttribute('aria-expanded', 'true');

  // A foreign site opens the widget itself, claiming to be the shop, and sends it commands.
  await context.route('http://evil.test/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>evil</title><h1>evil</h1>' }));
  const evil = await context.newPage();
  await evil.goto('http://evil.test/');
  const target = `${PATRON_URL}/widget/?site=demo&mode=embed&host=${encodeURIComponent(new URL(SHOP_URL).origin)}`;
  const [popup] = await Promise.all([
    evil.waitForEvent('popup'),
    evil.evaluate((u) => { window.w = window.open(u); }, target),
  ]);
  await expect(popup.getByTestId('home')).toBeVisible();
  await evil.evaluate(() => {
    window.w.postMessage({ ns: 'patron', v: 1, type: 'command', name: 'open', args: ['points'] }, '*');
    window.w.postMessage({ ns: 'patron', v: 1, type: 'command', name: 'boot', args: [{ locale: 'en' }] }, '*');
  });
  await popup.waitForTimeout(500);
  await expect(popup.getByTestId('home')).toBeVisible();
  await expect(popup.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('a page on a foreign origin cannot frame the widget', async ({ page, context }) => {
  const target = `${PATRON_URL}/widget/?site=demo&mode=embed&host=http%3A%2F%2Fevil.test`;
  await context.route('http://evil.test/**', (r) => r.fulfill({ contentType: 'text/html', body: `<iframe title="w" src="${target}"></iframe>` }));
  await page.goto('http://evil.test/');
  await page.waitForTimeout(1500);
  // The browser refuses the frame (CSP frame-ancestors), so nothing of the widget renders.
  await expect(page.frameLocator('iframe').getByTestId('panel')).toHaveCount(0);
});

test('when the API is unreachable the panel explains and offers a retry that works', async ({ page }) => {
  await page.route('**/v1/sites/*/settings', (r) => r.abort('connectionrefused'));
  const shop = new Shop(page);
  await shop.goto();
  await shop.launcher.click();
  const error = shop.widget.getByTestId('error');
  await expect(error).toBeVisible();
  await expect(error.getByRole('alert')).toContainText('暂时无法连接客服');
  await page.unroute('**/v1/sites/*/settings');
  await shop.widget.getByTestId('retry').click();
  await expect(shop.widget.getByTestId('home')).toBeVisible();
});

test('a rate-limited network is told to wait, not that the service is broken', async ({ page }) => {
  // The server's 429 as it sends it (rate_limit: the envelope with Retry-After); a shared
  // network such as a mall's Wi-Fi can meet it without the customer doing anything wrong.
  await page.route('**/v1/sites/*/settings', (r) => r.fulfill({
    status: 429,
    headers: { 'retry-after': '2' },
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests; retry in 2 s' } }),
  }));
  const shop = new Shop(page);
  await shop.goto();
  await shop.launcher.click();
  const error = shop.widget.getByTestId('error');
  await expect(error.getByRole('alert')).toContainText('请求过于频繁');
  await page.unroute('**/v1/sites/*/settings');
  await shop.widget.getByTestId('retry').click();
  await expect(shop.widget.getByTestId('home')).toBeVisible();
});

test('the whole flow works with the keyboard alone', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  const launcherFocused = () => page.evaluate(() => {
    const host = document.querySelector('patron-widget');
    return document.activeElement === host && host.shadowRoot.activeElement?.tagName === 'BUTTON';
  });
  for (let i = 0; i < 80 && !(await launcherFocused()); i++) await page.keyboard.press('Tab');
  expect(await launcherFocused()).toBe(true);

  await page.keyboard.press('Enter');
  const home = shop.widget.getByTestId('home');
  await expect(home).toBeVisible();
  await expect(home.getByRole('heading', { level: 2 })).toBeFocused();
  // A first visit: the welcome guide is suggested above the modules.
  const suggestion = shop.widget.getByTestId('guide-suggestion');
  await expect(suggestion).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(suggestion).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shop.moduleButton('faq')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shop.moduleButton('onboarding')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(shop.widget.getByTestId('screen-onboarding').getByRole('heading', { level: 2 })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(shop.widget.getByTestId('back')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(home.getByRole('heading', { level: 2 })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(shop.widget.getByTestId('screen-faq')).toBeVisible();
  // Escape goes back, then closes the panel and returns focus to the launcher.
  await page.keyboard.press('Escape');
  await expect(home).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(shop.iframe).toBeHidden();
  expect(await launcherFocused()).toBe(true);
  await page.keyboard.press('Enter');
  await expect(home).toBeVisible();
});
