// A coupon redeemed in the widget: its code shows at once, with a copy button that puts it on
// the clipboard, and stays on its line in the history.
import { test, expect } from '@playwright/test';
import { PATRON_URL, Shop, PointsScreen } from './support.mjs';

test('a coupon code is shown after a redemption, copied with its button, and kept in the history', async ({ page, context, request }) => {
  // Write for the widget's frame (its iframe allows `clipboard-write`); read for the test,
  // on the shop's page (the frame itself may not read).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const shop = new Shop(page);
  await shop.goto();
  await page.locator('#lang-en').click();
  await shop.open();
  await shop.moduleButton('points').click();
  await page.locator('#shop-members button[data-member="demo-gold"]').click();
  const points = new PointsScreen(shop.widget);
  await expect(points.member).toBeVisible();

  await points.redeem('coupon-20');
  const code = await points.receiptCode.textContent();
  expect(code).toMatch(/^DEMO-[0-9A-F]{10}$/);
  await points.receipt.getByRole('button', { name: 'Copy code' }).click();
  await expect(points.receipt.getByRole('status')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(code);

  // The history line of the redemption carries the same code.
  const newest = points.entries.first();
  await expect(newest).toHaveAttribute('data-kind', 'redeem');
  await expect(newest.getByTestId('points-coupon-code')).toHaveText(code);

  // The pool gave it away once: the admin report counts it as assigned.
  const pools = await (await request.get(`${PATRON_URL}/v1/admin/sites/demo/points/coupon-pools`, {
    headers: { authorization: 'Bearer demo-admin-key' },
  })).json();
  expect(pools.pools[0].reward_id).toBe('coupon-20');
  expect(pools.pools[0].assigned).toBeGreaterThanOrEqual(1);
});
