// Dark mode follows the device (prefers-color-scheme) unless the site forces light or dark
// (site.yaml `color_scheme`); reduced motion is honoured, in
// the host-page tour too.
import { test, expect } from '@playwright/test';
import { Shop, widgetUrl } from './support.mjs';

const DARK = 'rgb(28, 27, 31)';
const LIGHT = 'rgb(255, 255, 255)';

const background = (ui) => ui.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);

/**
 * Answers the widget's settings request as if the site's site.yaml said `color_scheme:
 * scheme` (the server's side of it, from site.yaml to these settings, is
 * server/tests/api/settings.rs).
 */
async function siteScheme(page, scheme) {
  await page.route('**/v1/sites/demo/settings', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), color_scheme: scheme } });
  });
}

test('the widget follows the device into dark mode and back, embedded and in page mode', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
  await expect(page.getByTestId('home')).toBeVisible();
  expect(await background(page)).toBe(DARK);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe(LIGHT);

  const shop = new Shop(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shop.goto();
  await shop.open();
  expect(await background(shop.widget)).toBe(DARK);
});

test('a site that forces a scheme gets it whatever the device prefers', async ({ page }) => {
  await siteScheme(page, 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(widgetUrl({ mode: 'kiosk', locale: 'en' }));
  await expect(page.getByTestId('home')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'light');
  expect(await background(page)).toBe(LIGHT);

  await page.unrouteAll();
  await siteScheme(page, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.getByTestId('home')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'dark');
  expect(await background(page)).toBe(DARK);
});

test('reduced motion stops the widget\'s transitions and animations', async ({ page }) => {
  await page.goto(widgetUrl({ mode: 'kiosk', locale: 'en' }));
  const tile = page.getByTestId('module-faq');
  await expect(tile).not.toHaveCSS('transition-duration', /^0s/);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(tile).toHaveCSS('transition-duration', /^0s/);
});

test('the host-page tour is dark on a dark device and does not move with reduced motion', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'en' });
  await shop.open();
  await shop.moduleButton('onboarding').click();
  await shop.widget.locator('[data-testid="guide-pack"][data-pack="welcome"]').getByTestId('guide-open').click();
  await shop.widget.getByTestId('guide-next').click();
  await expect(shop.widget.getByTestId('guide-step')).toHaveAttribute('data-step', 'member-price');
  await shop.widget.getByTestId('guide-show-me').click();
  const tour = page.locator('patron-tour');
  await expect(tour.locator('.bubble')).toBeVisible();
  await expect(tour.locator('.bubble')).toHaveCSS('background-color', 'rgb(43, 41, 48)');
  await expect(tour.locator('.spot')).toHaveCSS('transition-duration', '0s');
  await tour.getByRole('button', { name: 'Close' }).click();

  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  await shop.widget.getByTestId('guide-show-me').click();
  await expect(tour.locator('.bubble')).toHaveCSS('background-color', LIGHT);
  await expect(tour.locator('.spot')).not.toHaveCSS('transition-duration', '0s');
});
