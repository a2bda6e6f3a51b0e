// The launcher's name speaks the panel's language (issue 16): the page's own language until the
// widget has started, then the locale the widget chose, and whatever `boot` switches to.
import { test, expect } from '@playwright/test';
import { HOST_URL, MODULES, NAMES, Shop } from './support.mjs';

const LABELS = { en: 'Customer service', 'zh-CN': '客户服务', 'zh-TW': '客戶服務' };

test('on an English page the launcher and the panel speak English; booting zh-TW turns both', async ({ page }) => {
  const shop = new Shop(page);
  // The browser prefers Chinese (playwright.config.mjs); the page is English and names no locale.
  await shop.goto(`${HOST_URL}/english.html`);
  await expect(page.getByRole('button', { name: LABELS.en })).toHaveAttribute('aria-expanded', 'false');
  await shop.open();
  await expect(shop.widget.locator('html')).toHaveAttribute('lang', 'en');
  for (const m of MODULES) await expect(shop.moduleButton(m)).toContainText(NAMES.en[m]);
  await expect(shop.launcher).toHaveAttribute('aria-label', LABELS.en);
  await expect(shop.iframe).toHaveAttribute('title', LABELS.en);

  await shop.call('boot', { locale: 'zh-TW' });
  await expect(shop.launcher).toHaveAttribute('aria-label', LABELS['zh-TW']);
  await expect(shop.iframe).toHaveAttribute('title', LABELS['zh-TW']);
  for (const m of MODULES) await expect(shop.moduleButton(m)).toContainText(NAMES['zh-TW'][m]);
});

test('booted zh-TW before the widget starts, the launcher and the panel open in zh-TW', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto(`${HOST_URL}/english.html`);
  await shop.call('boot', { locale: 'zh-HK' });
  await expect(shop.launcher).toHaveAttribute('aria-label', LABELS['zh-TW']);
  await shop.open();
  await expect(shop.widget.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await expect(shop.launcher).toHaveAttribute('aria-label', LABELS['zh-TW']);
});

test('on a page in a language Patron does not speak, the launcher follows the language the widget chose', async ({ page }) => {
  const shop = new Shop(page);
  const started = page.waitForRequest((r) => r.url().includes('/widget/?'));
  await shop.goto(`${HOST_URL}/french.html`);
  // French: the loader cannot name the launcher in it, so English until the widget says more.
  await expect(shop.launcher).toHaveAttribute('aria-label', LABELS.en);
  await shop.launcher.hover();
  await started;
  // The widget negotiated the browser's language (zh-CN), and said so when it was ready.
  await expect(shop.launcher).toHaveAttribute('aria-label', LABELS['zh-CN']);
  await shop.launcher.click();
  await expect(shop.widget.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(shop.iframe).toHaveAttribute('title', LABELS['zh-CN']);
});
