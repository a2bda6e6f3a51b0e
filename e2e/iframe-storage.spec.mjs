// What Chromium lets the widget's third-party iframe keep (the WebDriver suite records Firefox
// and WebKit: e2e/webdriver/flows/storage.mjs), asserted so that a change is noticed.
import { test, expect } from '@playwright/test';
import { probeStorage, readProbe, summarise } from './storage-probe.mjs';
import { PATRON_URL, Shop } from './support.mjs';

/**
 * Observed with Debian's Chromium 156, headless, as Playwright launches it: with third-party
 * storage partitioning turned off, so a cross-site iframe is denied storage (stock Chromium
 * partitions it: storage.spec.mjs runs that case too, see partitionedStorage in support.mjs).
 */
const OBSERVED = {
  localStorage: 'refused (SecurityError)',
  sessionStorage: 'refused (SecurityError)',
  storageAccess: false,
  partitioned: 'n/a',
  keptAcrossLoads: false,
};

test('storage: what the third-party iframe may keep, and the loader keeping the device id on the shop', async ({ page }) => {
  const marker = `probe-${Date.now()}`;
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  const frame = page.frames().find((f) => f.url().startsWith(`${PATRON_URL}/widget/`));
  // In embed mode the widget keeps nothing of its own: the device id comes from the loader.
  const [device, ownKeys] = await frame.evaluate(() => {
    let keys;
    try { keys = Object.keys(localStorage); } catch (e) { keys = e.name; }
    return [new URLSearchParams(location.search).get('device'), keys];
  });
  const seen = await frame.evaluate(probeStorage, marker);
  expect(device).toMatch(/^[0-9a-f-]{36}_\d+$/);
  expect(await page.evaluate(() => localStorage.getItem('patronDevice'))).toBe(device);
  // (Where the iframe may not read its storage at all, there is nothing to list.)
  if (seen.localStorage === 'usable') expect(ownKeys).toEqual([]);

  // Patron's own origin, top level: does it see the iframe's write?
  await page.goto(`${PATRON_URL}/widget/?site=demo&mode=page`);
  const topLevel = await page.evaluate(readProbe);
  // The shop again: does the iframe find its write after a page load?
  await shop.goto();
  await shop.open();
  const again = await page.frames().find((f) => f.url().startsWith(`${PATRON_URL}/widget/`)).evaluate(readProbe);

  const observed = summarise(seen, marker, topLevel, again);
  console.log(`Chromium third-party iframe storage: ${JSON.stringify(observed)}`);
  expect(observed).toEqual(OBSERVED);
});
