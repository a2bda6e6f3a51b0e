// The same build full screen: page mode for app webviews, kiosk mode for in-store kiosks.
import { test, expect } from '@playwright/test';
import { MODULES, NAMES, widgetUrl } from './support.mjs';

test('page mode runs full screen and talks to the native app bridges', async ({ page }) => {
  await page.addInitScript(() => {
    window.iosMessages = [];
    window.androidMessages = [];
    window.webkit = { messageHandlers: { patron: { postMessage: (m) => window.iosMessages.push(m) } } };
    window.PatronAndroid = { postMessage: (s) => window.androidMessages.push(JSON.parse(s)) };
    // An app that injects its script at document start installs the same one-line queue the
    // README gives retailers, then drives the widget before the wasm has loaded.
    window.patron = window.patron || function () { (window.patron.q = window.patron.q || []).push(arguments); };
    window.patron('boot', { locale: 'en' });
  });
  await page.goto(widgetUrl({ mode: 'page' }));
  const panel = page.getByTestId('panel');
  await expect(panel).toHaveAttribute('data-mode', 'page');
  for (const m of MODULES) await expect(page.getByTestId(`module-${m}`)).toContainText(NAMES.en[m]);
  const box = await panel.boundingBox();
  const viewport = page.viewportSize();
  expect(box.width).toBe(viewport.width);

  await page.evaluate(() => window.patron('open', 'points'));
  await expect(page.getByTestId('screen-points')).toBeVisible();
  await page.getByTestId('close').click();
  const ios = await page.evaluate(() => window.iosMessages.map((m) => m.name));
  const android = await page.evaluate(() => window.androidMessages.map((m) => m.name));
  for (const names of [ios, android]) {
    expect(names).toEqual(expect.arrayContaining(['ready', 'navigate', 'close-request']));
  }
  const callbackSeen = await page.evaluate(() => new Promise((resolve) => {
    window.patron('on', 'navigate', (screen) => resolve(screen));
    window.patron('open', 'faq');
  }));
  expect(callbackSeen).toBe('faq');
});

test('kiosk mode has touch-sized targets and returns home after the idle time', async ({ page }) => {
  await page.goto(widgetUrl({ mode: 'kiosk', idle: '2' }));
  await expect(page.getByTestId('panel')).toHaveAttribute('data-mode', 'kiosk');
  await expect(page.getByTestId('close')).toHaveCount(0);
  const targets = [page.getByTestId('start-over'), ...MODULES.map((m) => page.getByTestId(`module-${m}`))];
  for (const t of targets) {
    const box = await t.boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.width).toBeGreaterThanOrEqual(48);
  }

  await page.getByTestId('module-points').click();
  await expect(page.getByTestId('screen-points')).toBeVisible();
  await expect(page.getByTestId('back')).toHaveCSS('height', /^(4[89]|[5-9]\d|\d{3,})(\.\d+)?px$/);
  // Nobody touches the kiosk: it goes back to the start for the next shopper.
  await expect(page.getByTestId('home')).toBeVisible({ timeout: 6000 });
  await expect(page.getByTestId('screen-points')).toHaveCount(0);
  // The welcome screen waits for the next shopper's touch (e2e/kiosk.spec.mjs has more).
  await page.getByTestId('attract').click();

  // Activity keeps the session alive.
  await page.getByTestId('module-faq').click();
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(1000);
    await page.mouse.wheel(0, 10);
  }
  await expect(page.getByTestId('screen-faq')).toBeVisible();
  await page.getByTestId('start-over').click();
  await expect(page.getByTestId('home')).toBeVisible();
});

test('on a kiosk the contact form offers no autofill: the next shopper never sees the last one\'s details', async ({ page }) => {
  await page.goto(widgetUrl({ mode: 'kiosk', locale: 'en' }));
  await page.getByTestId('module-faq').click();
  await page.getByTestId('faq-search').fill('return');
  await page.locator('#pt-faq-results a, #pt-faq-results button').first().click();
  await page.getByTestId('faq-contact').click();
  const form = page.getByTestId('contact-form');
  await expect(form).toHaveAttribute('autocomplete', 'off');
  for (const name of ['name', 'email', 'phone']) {
    await expect(form.locator(`input[name="${name}"]`)).toHaveAttribute('autocomplete', 'off');
  }
});

test('in page mode the contact form lets the browser fill in the customer\'s own details', async ({ page }) => {
  await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
  await page.getByTestId('module-faq').click();
  await page.getByTestId('faq-search').fill('return');
  await page.locator('#pt-faq-results a, #pt-faq-results button').first().click();
  await page.getByTestId('faq-contact').click();
  const form = page.getByTestId('contact-form');
  await expect(form.locator('input[name="email"]')).toHaveAttribute('autocomplete', 'email');
});
