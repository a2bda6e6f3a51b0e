// Every console screen signs in, renders, passes axe, loads its code only when opened, and is
// photographed on a desktop and a phone (e2e/test-results/screenshots/console-*.png).
import { test, expect } from '@playwright/test';
import { CONSOLE, Console, SCREENS, axeViolations, press, tabTo, OWNER } from './support.mjs';

const OUT = new URL('../test-results/screenshots/', import.meta.url).pathname;
const SURFACES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

for (const surface of SURFACES) {
  test(`each screen renders, passes axe and is photographed (${surface.name})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(surface.viewport);
    const chunks = [];
    page.on('request', (r) => { const m = r.url().match(/split_(\w+)\.wasm$/); if (m) chunks.push(m[1]); });
    const console_ = new Console(page);
    await page.goto(`${CONSOLE}sign-in`);
    await expect(page.getByRole('heading', { name: /Patron/ })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await console_.signIn(OWNER);
    for (const screen of SCREENS) {
      await console_.open(screen);
      if (screen.path) expect(chunks).toContain(screen.path);
      await expect(page.getByRole('alert')).toHaveCount(0);
      expect(await axeViolations(page), screen.nav).toEqual([]);
      await page.screenshot({ path: `${OUT}console-${surface.name}-${screen.path || 'overview'}.png`, fullPage: surface.name === 'desktop' });
    }
  });
}

test('a screen is fetched only when opened; a failed fetch offers a retry that works', async ({ page }) => {
  let fail = true;
  await page.route(/split_guides\.wasm$/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  const console_ = new Console(page);
  await console_.signIn();
  await press(page, console_.nav.getByRole('link', { name: 'Guides' }));
  await expect(page.getByRole('alert')).toContainText('could not be loaded');
  fail = false;
  await press(page, page.getByRole('button', { name: 'Try again' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Guides' })).toBeVisible();
  // Each step by its number and its title (in the site's language), not its id.
  const welcome = page.locator('figure').filter({ hasText: 'Funnel of “新手指南”' });
  await press(page, welcome.getByText('Show the data as a table'));
  await expect(welcome.getByRole('rowheader', { name: 'Step 1: 如何查询物流', exact: true })).toBeVisible();
  await expect(welcome.getByRole('rowheader', { name: 'Finished', exact: true })).toBeVisible();
});

/** A radio group takes one Tab stop (its checked radio); the arrow keys choose within it. */
async function choosePeriod(page, label) {
  await tabTo(page, page.getByRole('radio', { checked: true }));
  const radio = page.getByRole('radio', { name: label });
  for (let i = 0; i < 8 && !(await radio.isChecked()); i += 1) await page.keyboard.press('ArrowRight');
  await expect(radio).toBeChecked();
}

test('the overview: period picker (7/30/90/custom), figures against targets, charts with tables', async ({ page }) => {
  const console_ = new Console(page);
  await console_.signIn();
  const nps = console_.card('NPS');
  await expect(nps).toContainText('Target');
  await expect(nps).toContainText(/On target|Below target/);
  // The demo asks a CES question: its mean (of 7) beside NPS and CSAT, with no target.
  const ces = console_.card('Customer effort, CES (mean of 7)');
  await expect(ces.locator('.pc-card__value')).toHaveText(/^[1-7]\.\d\d$/);
  await expect(ces).not.toContainText('Target');
  // Tiers by the programme's name in the user's language, not by id; signed-out answers
  // by their own text.
  const byTier = page.getByRole('table', { name: 'By tier' });
  await expect(byTier.getByRole('rowheader', { name: 'Silver', exact: true })).toBeVisible();
  await expect(byTier.getByRole('rowheader', { name: 'silver', exact: true })).toHaveCount(0);
  await expect(byTier.getByRole('rowheader', { name: 'Not signed in', exact: true })).toBeVisible();
  // Surveys by their question in the user's language, each with its id under it (two surveys
  // may ask the same question).
  const bySurvey = page.getByRole('table', { name: 'By survey' });
  const quarterly = bySurvey.getByRole('rowheader', { name: /How likely are you to recommend Mingjia Home/ });
  await expect(quarterly).toBeVisible();
  await expect(quarterly).toContainText('nps-quarterly');
  for (const label of ['Last 7 days', 'Last 90 days']) {
    await choosePeriod(page, label);
    await expect(nps).toBeVisible();
  }
  await choosePeriod(page, 'Custom');
  // Date fields are reached by Tab; their value is set whole, because what keys a date field
  // takes depends on the browser's locale (month/day/year segments in en-US).
  const from = page.getByRole('textbox', { name: 'From', exact: true });
  await tabTo(page, from);
  await from.fill('2026-01-01');
  const to = page.getByRole('textbox', { name: 'To', exact: true });
  await tabTo(page, to);
  await to.fill('2026-01-31');
  await press(page, page.getByRole('button', { name: 'Show' }));
  await expect(page.getByText(/2026-01-01 – 2026-01-31/)).toBeVisible();
  // Each chart's numbers as a table, opened by keyboard.
  const trend = page.locator('figure').filter({ hasText: 'NPS by week' });
  await press(page, trend.getByText('Show the data as a table'));
  await expect(trend.getByRole('table')).toBeVisible();
  // Twelve weeks from Monday 2025-11-10; the last, from Monday 01-26, ends with the period on
  // Saturday 01-31: marked, its six days named in the table, so its volumes do not read as a drop.
  await expect(trend.getByRole('rowheader', { name: '11-10', exact: true })).toBeVisible();
  await expect(trend.getByRole('rowheader', { name: '01-26 (6 d)', exact: true })).toBeVisible();
  await expect(page.getByText(/A week marked \* is cut by the period's start or end/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'By surface' })).toBeVisible();
});

test('the language is the user\'s choice, remembered with their account', async ({ page, browser }) => {
  const console_ = new Console(page);
  await console_.signIn();
  await page.getByRole('banner').getByLabel('Language').selectOption('zh-TW');
  await expect(page.getByRole('link', { name: '概覽' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  // Another browser: after signing in, the account's language.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  const c2 = new Console(page2);
  await page2.goto(`${CONSOLE}sign-in`);
  await page2.getByLabel(/Site|站点|站點/).fill(OWNER.site);
  await page2.getByLabel(/Email|邮箱|電子郵件/).fill(OWNER.email);
  await page2.getByLabel(/Password|密码|密碼/).fill(OWNER.password);
  await page2.keyboard.press('Enter');
  await expect(c2.page.getByRole('link', { name: '概覽' })).toBeVisible();
  await page2.getByRole('banner').getByLabel('語言').selectOption('en');
  await expect(page2.getByRole('link', { name: 'Overview' })).toBeVisible();
  await other.close();
});
