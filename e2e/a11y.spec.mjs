// axe-core finds no WCAG 2 A/AA violations on the launcher and the panel's home screen.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Shop, widgetUrl } from './support.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function summary(results) {
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the launcher on the shop page', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  const results = await new AxeBuilder({ page }).include('patron-widget').withTags(TAGS).analyze();
  expect(summary(results)).toEqual([]);
});

test('the open panel on the shop page', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(summary(results)).toEqual([]);
});

for (const mode of ['page', 'kiosk']) {
  test(`the home screen in ${mode} mode`, async ({ page }) => {
    await page.goto(widgetUrl({ mode }));
    await expect(page.getByTestId('home')).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags([...TAGS, 'best-practice']).analyze();
    expect(summary(results)).toEqual([]);
  });
}
