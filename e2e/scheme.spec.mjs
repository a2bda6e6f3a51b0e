// Dark mode follows the device (prefers-color-scheme) unless the site forces light or dark
// (site.yaml `color_scheme`, here set through the admin API); reduced motion is honoured, in
// the host-page tour too.
import { test, expect } from '@playwright/test';
import { ADMIN, PATRON_URL, Shop, widgetUrl } from './support.mjs';

const DARK = 'rgb(28, 27, 31)';
const LIGHT = 'rgb(255, 255, 255)';

const background = (ui) => ui.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);

/** Sets the demo site's `color_scheme` through the admin API; returns the settings before. */
async function forceScheme(request, scheme) {
  const before = await (await request.get(`${PATRON_URL}/v1/sites/demo/settings`)).json();
  const res = await request.put(`${PATRON_URL}/v1/admin/sites/demo/settings`, {
    headers: ADMIN, data: { ...before, color_scheme: scheme },
  });
  expect(res.ok()).toBeTruthy();
  return before;
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

test('a site that forces a scheme gets it whatever the device prefers', async ({ page, request }) => {
  const before = await forceScheme(request, 'light');
  try {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(widgetUrl({ mode: 'kiosk', locale: 'en' }));
    await expect(page.getByTestId('home')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-scheme', 'light');
    expect(await background(page)).toBe(LIGHT);

    await forceScheme(request, 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(page.getByTestId('home')).toBeVisible();
    expect(await background(page)).toBe(DARK);
  } finally {
    await request.put(`${PATRON_URL}/v1/admin/sites/demo/settings`, { headers: ADMIN, data: before });
  }
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
