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

// The kiosk and phone layouts, light and dark: each screen a shopper meets there.
for (const colorScheme of ['light', 'dark']) {
  test.describe(`${colorScheme}`, () => {
    test.use({ colorScheme });

    test(`the kiosk layout in ${colorScheme}: home, topic tiles, an article with its QR code, the countdown, the welcome screen`, async ({ page }) => {
      test.setTimeout(60_000);
      await page.setViewportSize({ width: 1080, height: 1920 });
      const check = async (what) => {
        const results = await new AxeBuilder({ page }).withTags([...TAGS, 'best-practice']).analyze();
        expect(summary(results), what).toEqual([]);
      };
      await page.goto(widgetUrl({ mode: 'kiosk', locale: 'en', idle: '16' }));
      await expect(page.getByTestId('home')).toBeVisible();
      await check('home');
      await page.getByTestId('module-faq').click();
      await expect(page.getByTestId('faq-tile').first()).toBeVisible();
      await check('topic tiles');
      await page.getByTestId('faq-tile').first().click();
      await page.getByTestId('faq-link').first().click();
      await expect(page.getByTestId('handoff').getByRole('img')).toBeVisible();
      await check('article with its QR code');
      await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 20_000 });
      await check('countdown');
      await expect(page.getByTestId('attract')).toBeVisible({ timeout: 10_000 });
      await check('welcome screen');
    });

    test(`the phone layout in ${colorScheme}: page mode and the embedded panel`, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
      await expect(page.getByTestId('home')).toBeVisible();
      let results = await new AxeBuilder({ page }).withTags([...TAGS, 'best-practice']).analyze();
      expect(summary(results), 'page mode home').toEqual([]);
      await page.getByTestId('module-faq').click();
      await page.getByRole('searchbox').fill('return');
      await page.getByTestId('faq-result').first().click();
      await page.getByTestId('faq-contact').click();
      await expect(page.getByTestId('contact-form')).toBeVisible();
      results = await new AxeBuilder({ page }).withTags([...TAGS, 'best-practice']).analyze();
      expect(summary(results), 'page mode contact form').toEqual([]);

      const shop = new Shop(page);
      await shop.goto();
      await shop.open();
      results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(results), 'embedded panel').toEqual([]);
    });
  });
}
