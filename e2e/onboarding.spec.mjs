// Getting started: a new visitor works through the welcome guide (one step by reading an FAQ
// answer, one by the tour pointing at the shop page), reloads and resumes; a new member
// finishes their guide and its points arrive once.
import { test, expect } from '@playwright/test';
import { PATRON_URL, Shop, widgetUrl } from './support.mjs';

const ADMIN = { authorization: 'Bearer demo-admin-key' };

async function demoToken(request, member) {
  const res = await request.post(`${PATRON_URL}/v1/sites/demo/points/demo/members/${member}/token`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).token;
}

/** The welcome pack's progress for this browser's device, as the server has it. */
async function welcomeProgress(page, request) {
  // The loader keeps the widget's device id in the shop's own storage.
  const device = await page.evaluate(() => localStorage.getItem('patronDevice'));
  expect(device).toMatch(/^[0-9a-f-]{36}_\d+$/);
  const res = await request.get(`${PATRON_URL}/v1/sites/demo/onboarding/packs/welcome?device=${device}&surface=embed`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).progress;
}

test('a new visitor completes two welcome steps, one on the shop page, and resumes at step 3 after a reload', async ({ page, request }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'en' });
  await shop.open();
  const widget = shop.widget;

  // First visit: the home screen suggests the welcome guide.
  await expect(widget.getByTestId('guide-suggestion')).toContainText('Getting started');
  await shop.moduleButton('onboarding').click();
  const welcome = widget.locator('[data-testid="guide-pack"][data-pack="welcome"]');
  await expect(welcome.getByTestId('guide-progress')).toHaveText('0 of 5 done');
  await welcome.getByTestId('guide-open').click();

  // Step 1 completes by doing what it says: reading the FAQ answer.
  const step = widget.getByTestId('guide-step');
  await expect(step).toHaveAttribute('data-step', 'track-order');
  await expect(widget.getByTestId('guide-step-count')).toHaveText('Step 1 of 5');
  await widget.getByTestId('guide-action').click();
  await expect(widget.getByTestId('screen-faq')).toBeVisible();
  await expect(widget.getByTestId('faq-article')).toBeVisible();
  await expect.poll(async () => (await welcomeProgress(page, request)).completed).toEqual(['track-order']);

  // Back to the guide: it resumes at step 2, which points at something on the shop page.
  await widget.getByTestId('back').click();
  await widget.getByTestId('back').click();
  await expect(widget.getByTestId('guide-suggestion')).toContainText('1 of 5');
  await widget.getByTestId('guide-suggestion').click();
  await expect(step).toHaveAttribute('data-step', 'member-price');
  await widget.getByTestId('guide-show-me').click();

  // The tour: the panel steps aside, the element is spotlit with the step's bubble beside it.
  const bubble = page.locator('patron-tour').locator('.bubble');
  await expect(bubble).toBeVisible();
  await expect(bubble).toContainText('This is the member price');
  await expect(bubble).toContainText('Step 2 of 5');
  // In the site's colour (content/demo/site.yaml: #a4262c), like the widget.
  await expect(bubble.getByRole('button', { name: 'Next' })).toHaveCSS('background-color', 'rgb(164, 38, 44)');
  await expect(shop.iframe).not.toHaveClass(/open/);
  const spot = await page.locator('patron-tour').locator('.spot').boundingBox();
  const target = await page.locator('.shop-member').boundingBox();
  expect(Math.abs(spot.x + 6 - target.x)).toBeLessThan(2);
  expect(Math.abs(spot.y + 6 - target.y)).toBeLessThan(2);
  // Keyboard: focus is in the bubble; Escape closes it and the guide comes back, step not done.
  await expect(bubble.getByRole('button', { name: 'Next' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('patron-tour')).toHaveCount(0);
  await expect(shop.iframe).toHaveClass(/open/);
  await expect(step).toHaveAttribute('data-step', 'member-price');
  await expect(step).toHaveAttribute('data-done', 'false');

  // Again, and "Next" on the page completes the step and moves the guide on.
  await widget.getByTestId('guide-show-me').click();
  await bubble.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('patron-tour')).toHaveCount(0);
  await expect(shop.iframe).toHaveClass(/open/);
  await expect(step).toHaveAttribute('data-step', 'points-tiers');
  await expect.poll(async () => (await welcomeProgress(page, request)).completed)
    .toEqual(['track-order', 'member-price']);

  // A reload keeps the progress (the device's), and the guide resumes at step 3.
  await page.reload();
  await shop.call('boot', { locale: 'en' });
  await shop.open();
  await expect(widget.getByTestId('guide-suggestion')).toContainText('2 of 5');
  await shop.moduleButton('onboarding').click();
  await expect(welcome.getByTestId('guide-progress')).toHaveText('2 of 5 done');
  await welcome.getByTestId('guide-open').click();
  await expect(step).toHaveAttribute('data-step', 'points-tiers');
  await expect(widget.getByTestId('guide-step-count')).toHaveText('Step 3 of 5');
});

test('adding to cart on the shop ticks off the guide step that waits for it, in the open guide and on the server', async ({ page, request }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'en' });
  await shop.open();
  const widget = shop.widget;
  await shop.moduleButton('onboarding').click();
  const welcome = widget.locator('[data-testid="guide-pack"][data-pack="welcome"]');
  await welcome.locator('.pt-guide__pack-title').click();
  const item = widget.getByTestId('guide-checklist').locator('[data-step="add-to-cart"]');
  await expect(item).toHaveAttribute('data-done', 'false');
  await item.getByRole('button').click();
  const step = widget.getByTestId('guide-step');
  await expect(step).toHaveAttribute('data-step', 'add-to-cart');
  await expect(step).toHaveAttribute('data-done', 'false');

  // The customer does it on the shop page (whose button calls `patron('track', 'add_to_cart')`),
  // not in the panel: the open step ticks itself off.
  await page.locator('#add-to-cart').click();
  await expect(step).toHaveAttribute('data-done', 'true');
  await expect.poll(async () => (await welcomeProgress(page, request)).completed).toEqual(['add-to-cart']);

  // Again: nothing more to complete, and nothing else changes.
  await page.locator('#add-to-cart').click();
  await expect(page.locator('#shop-cart-count')).toHaveText('2');
  expect((await welcomeProgress(page, request)).completed).toEqual(['add-to-cart']);
});

test('a highlight whose element is not on the page shows its text in the panel instead', async ({ page }) => {
  // Page mode (an app's webview) has no host page to point at.
  await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
  await page.evaluate(() => window.patron('open', 'onboarding'));
  await page.locator('[data-testid="guide-pack"][data-pack="welcome"]').getByTestId('guide-open').click();
  await page.getByTestId('guide-next').click();
  await expect(page.getByTestId('guide-step')).toHaveAttribute('data-step', 'member-price');
  await expect(page.getByTestId('guide-hint')).toContainText('This is the member price');
  await expect(page.getByTestId('guide-show-me')).toHaveCount(0);
  // "Mark as done" completes it and goes on.
  await page.getByTestId('guide-mark-done').click();
  await expect(page.getByTestId('guide-step')).toHaveAttribute('data-step', 'points-tiers');
});

test('a new member finishes their guide and the reward reaches their points once', async ({ page, request }) => {
  const token = await demoToken(request, 'demo-new');
  const auth = { authorization: `Bearer ${token}` };
  const balance = async () => (await (await request.get(`${PATRON_URL}/v1/sites/demo/points/me`, { headers: auth })).json()).balance;
  const before = await balance();
  await page.addInitScript((t) => {
    window.patron = window.patron || function () { (window.patron.q = window.patron.q || []).push(arguments); };
    window.patron('boot', { locale: 'en', memberToken: t });
  }, token);
  await page.goto(widgetUrl({ mode: 'page' }));
  await page.evaluate(() => window.patron('open', 'onboarding'));
  const pack = page.locator('[data-testid="guide-pack"][data-pack="member-starter"]');
  await expect(pack.getByTestId('guide-reward')).toHaveText('Finish this guide to earn 200 points.');
  await pack.getByTestId('guide-open').click();
  for (const id of ['earn-points', 'redeem-points', 'birthday']) {
    await expect(page.getByTestId('guide-step')).toHaveAttribute('data-step', id);
    await page.getByTestId('guide-mark-done').click();
  }
  await expect(page.getByTestId('guide-finished')).toContainText('Member starter');
  await expect(page.getByTestId('guide-reward')).toHaveText('200 points have been added to your account.');
  expect(await balance()).toBe(before + 200);

  // Finishing again (the last step once more, as a second device would) credits nothing.
  const again = await request.post(`${PATRON_URL}/v1/sites/demo/onboarding/packs/member-starter/steps/birthday/complete`, {
    headers: auth, data: { surface: 'page', via: 'done' },
  });
  expect(again.ok()).toBeTruthy();
  expect((await again.json()).reward_granted).toBe(true);
  expect(await balance()).toBe(before + 200);

  // And it shows in My points, once.
  await page.evaluate(() => window.patron('open', 'points'));
  await expect(page.getByTestId('points-balance')).toHaveText((before + 200).toLocaleString('en'));
  await expect(page.getByTestId('points-entry').filter({ hasText: 'Member starter' })).toHaveCount(1);

  // The funnel counts it.
  const report = await (await request.get(`${PATRON_URL}/v1/admin/sites/demo/reports/onboarding`, { headers: ADMIN })).json();
  const funnel = report.packs.find((p) => p.pack === 'member-starter');
  expect(funnel.finished).toBeGreaterThanOrEqual(1);
});
