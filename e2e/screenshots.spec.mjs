// Screenshots of the main screens on each surface, for people to look at (nothing is compared
// with them): the embedded panel on the demo shop at desktop and phone size, page mode on a
// phone, kiosk mode on a portrait and a landscape kiosk; each in light and dark. Written to
// e2e/test-results/screenshots/. On a kiosk each screen is also checked for small print.
import { test, expect } from '@playwright/test';
import { PATRON_URL, Shop, widgetUrl } from './support.mjs';

const OUT = new URL('./test-results/screenshots/', import.meta.url).pathname;

const SURFACES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, embed: true },
  { name: 'phone-embed', viewport: { width: 390, height: 844 }, embed: true, touch: true },
  { name: 'phone-page', viewport: { width: 390, height: 844 }, mode: 'page', touch: true },
  { name: 'kiosk', viewport: { width: 1080, height: 1920 }, mode: 'kiosk', touch: true },
  { name: 'kiosk-landscape', viewport: { width: 1920, height: 1080 }, mode: 'kiosk', touch: true },
].flatMap((s) => [{ ...s, scheme: 'light' }, { ...s, name: `${s.name}-dark`, scheme: 'dark' }]);

async function memberToken(request) {
  const res = await request.post(`${PATRON_URL}/v1/sites/demo/points/demo/members/demo-silver/token`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).token;
}

/** The widget on this surface: where to find its screens and how to call `patron()`. */
async function start(page, surface) {
  if (surface.embed) {
    const shop = new Shop(page);
    await shop.goto();
    await shop.open();
    return { ui: shop.widget, call: (...args) => shop.call(...args) };
  }
  await page.goto(widgetUrl({ mode: surface.mode }));
  await expect(page.getByTestId('home')).toBeVisible();
  return { ui: page, call: (...args) => page.evaluate((a) => window.patron(...a), args) };
}

/**
 * A kiosk is read at arm's length: every visible text at least 0.7 of the kiosk's type (the
 * panel's size, which follows the screen). Returns the text that is smaller, with its size.
 */
async function smallPrint(page) {
  return page.evaluate(() => {
    const base = parseFloat(getComputedStyle(document.querySelector('[data-testid=panel]')).fontSize);
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (node.textContent.trim() && el.getClientRects().length && size < base * 0.7) {
        small.push(`${el.className || el.tagName} ${size}px: ${node.textContent.trim().slice(0, 20)}`);
      }
    }
    return small;
  });
}

for (const surface of SURFACES) {
  test.describe(surface.name, () => {
    test.use({ viewport: surface.viewport, hasTouch: !!surface.touch, colorScheme: surface.scheme });

    test(`the main screens on ${surface.name}`, async ({ page, request }) => {
      test.setTimeout(60_000);
      const shot = async (screen) => {
        // Let transitions and web fonts settle, so that the picture shows the screen at rest.
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: `${OUT}${surface.name}-${screen}.png`, animations: 'disabled' });
        if (surface.mode === 'kiosk') expect(await smallPrint(page), screen).toEqual([]);
      };
      const { ui, call } = await start(page, surface);
      // A first visit: the welcome guide's suggestion arrives after the home screen.
      await expect(ui.getByTestId('guide-suggestion')).toBeVisible();
      await shot('home');

      await call('survey', 'csat-after-order');
      const card = ui.getByTestId('survey');
      await expect(card.getByRole('radio')).toHaveCount(5);
      await shot('survey');
      await card.getByTestId('survey-dismiss').click();
      await expect(card).toHaveCount(0);

      await call('open', { view: 'faq', query: '退货' });
      const results = ui.getByTestId('faq-result');
      await expect(results.first()).toBeVisible();
      await shot('faq-search');
      await results.first().click();
      await expect(ui.getByTestId('faq-article').locator('p').first()).toBeVisible();
      await shot('faq-article');

      await call('open', 'onboarding');
      await ui.locator('[data-testid="guide-pack"][data-pack="welcome"]').getByTestId('guide-open').click();
      await expect(ui.getByTestId('guide-step')).toBeVisible();
      await shot('guide');

      await call('boot', { memberToken: await memberToken(request) });
      await call('open', 'points');
      await expect(ui.getByTestId('points-member')).toBeVisible();
      await expect(ui.getByTestId('points-entry').first()).toBeVisible();
      await shot('points');
    });
  });
}
