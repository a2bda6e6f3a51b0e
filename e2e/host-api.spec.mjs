// The host API beyond the basics (issue 13): `off` removes a listener, `shutdown` removes
// everything and forgets the member, and the declarations of it all are served for retailers.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { PATRON_URL, Shop } from './support.mjs';

/** A listener kept in the page under `name`, which counts the events it gets in `window.heard`. */
async function addListener(page, name, event) {
  await page.evaluate(([name, event]) => {
    window.heard ??= {};
    window.heard[name] = [];
    window[name] = (data, e) => window.heard[name].push(e);
    window.patron('on', event, window[name]);
  }, [name, event]);
}
const heard = (page) => page.evaluate(() => window.heard);

test('patron("off") removes a listener added with "on", and only that one', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await addListener(page, 'onOpen', 'open');
  await addListener(page, 'onAll', '*');
  await addListener(page, 'kept', 'open');
  await shop.open();
  await shop.call('close');
  expect(await heard(page)).toMatchObject({ onOpen: ['open'], kept: ['open'] });
  expect((await heard(page)).onAll).toEqual(expect.arrayContaining(['open', 'ready', 'close']));

  await page.evaluate(() => {
    window.patron('off', 'open', window.onOpen);
    window.patron('off', '*', window.onAll);
    // A function never added, and one added for another event: nothing happens.
    window.patron('off', 'open', () => {});
    window.patron('off', 'close', window.kept);
  });
  const before = await heard(page);
  await shop.open();
  await expect(shop.widget.getByTestId('home')).toBeVisible();
  await shop.call('close');
  const after = await heard(page);
  expect(after.onOpen).toEqual(before.onOpen);
  expect(after.onAll).toEqual(before.onAll);
  expect(after.kept).toEqual(['open', 'open']);
});

test('patron("shutdown") removes launcher and panel and forgets the member; a later boot starts clean', async ({ page, request }) => {
  const res = await request.post(`${PATRON_URL}/v1/sites/demo/points/demo/members/demo-silver/token`);
  expect(res.ok()).toBeTruthy();
  const { token } = await res.json();

  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'en', memberToken: token });
  await addListener(page, 'onAll', '*');
  await shop.call('open', 'points');
  await expect(shop.widget.getByTestId('points-balance')).toBeVisible();

  await shop.call('shutdown');
  await expect(page.locator('patron-widget')).toHaveCount(0);
  await expect(page.locator('iframe')).toHaveCount(0);
  const heardBefore = (await heard(page)).onAll;

  // Calls still waiting for the panel when it shuts down are forgotten too.
  await page.evaluate(() => {
    window.patron('boot', {});
    window.patron('open', 'faq');
    window.patron('shutdown');
  });
  await expect(page.locator('patron-widget')).toHaveCount(0);

  // Started again: the launcher is back; the widget starts closed (the open above is gone).
  await shop.call('boot', { locale: 'en' });
  await expect(shop.launcher).toBeVisible();
  const ready = page.evaluate(() => new Promise((resolve) => window.patron('on', 'ready', resolve)));
  await shop.launcher.hover();
  await ready;
  await expect(shop.launcher).toHaveAttribute('aria-expanded', 'false');
  await expect(shop.iframe).not.toHaveClass(/open/);
  await expect(page.locator('patron-widget')).toHaveCount(1);
  // The member is forgotten: My points is signed out.
  await shop.call('open', 'points');
  await expect(shop.widget.getByTestId('points-signed-out')).toBeVisible();
  await expect(shop.widget.getByTestId('points-balance')).toHaveCount(0);
  // And so are the listeners.
  expect((await heard(page)).onAll).toEqual(heardBefore);
});

test('the host API\'s declarations are served for any site to fetch', async ({ request }) => {
  const res = await request.get(`${PATRON_URL}/embed.d.ts`, { headers: { origin: 'https://shop.example' } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/typescript; charset=utf-8');
  expect(res.headers()['access-control-allow-origin']).toBe('*');
  const served = await res.text();
  expect(served).toBe(readFileSync(new URL('../public/embed.d.ts', import.meta.url), 'utf8'));
  expect(served).toContain('declare var patron: Patron.Api;');
});
