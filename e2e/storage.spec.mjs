// Where an unsent survey answer waits (issue 14): in the widget's own storage wherever the
// browser gives its iframe some (partitioned by the shop's site), in the shop's localStorage
// only where it does not, found out at run time. Either way it survives a reload, is sent
// without the customer doing anything, and never reaches the shop page's own listeners.
import { test, expect } from '@playwright/test';
import { PATRON_URL, SHOP_URL, Shop, dueCsatSurvey, partitionedStorage, reportRow } from './support.mjs';

const OUTBOX = 'patron.survey-outbox.demo'; // the widget's own key (src/survey/outbox.rs)
const COMMENT = 'Offline, and nobody else’s business.';

/** The widget's outbox in its iframe's own storage: the list, null, or `denied …`. */
function iframeOutbox(page) {
  return page.frame({ url: /\/widget\// }).evaluate((key) => {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return `denied (${e.name})`;
    }
  }, OUTBOX);
}

/** What the loader keeps in the shop's storage for the widget. */
const shopOutbox = (page) => page.evaluate(() => localStorage.getItem('patronOutbox'));

/** Every event the shop page's listeners hear, on every page load, with its data as text. */
async function listenToEverything(page) {
  await page.addInitScript(() => {
    window.patron = window.patron || function () { (window.patron.q = window.patron.q || []).push(arguments); };
    window.heard = [];
    window.patron('on', '*', (data, name) => window.heard.push(`${name} ${JSON.stringify(data) ?? ''}`));
  });
}

/**
 * Answers the due CSAT survey (1, with a comment) while offline, then comes back online with
 * the survey endpoints still failing: the answer waits to be sent.
 */
async function answerAndFailToSend(page) {
  const { shop, card } = await dueCsatSurvey(page);
  await page.context().setOffline(true);
  await card.getByTestId('survey-score-1').click();
  await card.getByTestId('survey-comment').fill(COMMENT);
  await card.getByTestId('survey-send').click();
  await expect(card.getByTestId('survey-thanks')).toBeVisible();
  await expect(card.getByTestId('survey-waiting')).toBeVisible();
  await page.route('**/surveys/**', (route) => route.abort('internetdisconnected'));
  await page.context().setOffline(false);
  return shop;
}

/**
 * Reloads with the network working: the answer is sent, without a click, and stored once since
 * `from` (the test's start to the millisecond: the test before answered the same survey).
 */
async function reloadAndSend(page, shop, request, from) {
  await page.unroute('**/surveys/**');
  const sent = page.waitForResponse((r) => r.url().endsWith('/surveys/responses'));
  await shop.goto();
  expect((await sent).status()).toBe(201);
  await expect.poll(async () => (await reportRow(request, from, 'csat-shopping')).responses).toBe(1);
  expect(await reportRow(request, from, 'csat-shopping')).toMatchObject({ responses: 1, detractors: 1 });
  // Nothing waits any more, anywhere.
  await expect.poll(() => shopOutbox(page)).toBeNull();
}

/** The shop page's listeners heard the survey, but never what is waiting to be sent. */
async function expectListenersKeptOut(page) {
  const heard = await page.evaluate(() => window.heard);
  expect(heard.some((e) => e.startsWith('ready'))).toBe(true);
  expect(heard.filter((e) => e.startsWith('outbox') || e.includes('Offline') || e.includes('response:'))).toEqual([]);
}

test('where the iframe has storage of its own (partitioned), the answer waits there and the shop keeps only that something waits', async ({ playwright, request }, testInfo) => {
  const browser = await playwright.chromium.launch(partitionedStorage(testInfo.project.use.launchOptions));
  try {
    const context = await browser.newContext({ baseURL: SHOP_URL, locale: 'zh-CN' });
    const page = await context.newPage();
    await listenToEverything(page);
    const from = Date.now();
    const shop = await answerAndFailToSend(page);

    // In the widget's own storage, comment and all; in the shop's, no content: a flag that
    // makes the next page load start the widget to send it.
    await expect.poll(() => iframeOutbox(page)).toContain('response:');
    expect(await iframeOutbox(page)).toContain('follow-up:');
    expect(await iframeOutbox(page)).toContain(COMMENT);
    expect(await shopOutbox(page)).toBe('[]');
    // Partitioned: Patron's origin opened directly (not under the shop) does not see it.
    const direct = await context.newPage();
    await direct.goto(`${PATRON_URL}/healthz`);
    expect(await direct.evaluate((key) => localStorage.getItem(key), OUTBOX)).toBeNull();
    await direct.close();

    await reloadAndSend(page, shop, request, from);
    await expect.poll(() => iframeOutbox(page)).toBeNull();
    await expectListenersKeptOut(page);
  } finally {
    await browser.close();
  }
});

test('where the iframe has no storage, the answer waits in the shop\'s storage, out of its listeners\' reach', async ({ page, request }) => {
  await listenToEverything(page);
  const from = Date.now();
  const shop = await answerAndFailToSend(page);

  // This browser denies the third-party iframe its storage (see partitionedStorage): the
  // loader keeps the answer in the shop's storage.
  expect(await iframeOutbox(page)).toBe('denied (SecurityError)');
  await expect.poll(() => shopOutbox(page)).toContain('response:');
  expect(await shopOutbox(page)).toContain(COMMENT);

  await reloadAndSend(page, shop, request, from);
  await expectListenersKeptOut(page);
});

test('a leftover "answers wait" with nothing behind it is cleared, so the widget is not started on every page', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  // As if the browser had since cleared the iframe's storage.
  await page.evaluate(() => localStorage.setItem('patronOutbox', '[]'));
  const started = page.waitForRequest((r) => r.url().includes('/widget/?'));
  await shop.goto();
  await started;
  await expect.poll(() => shopOutbox(page)).toBeNull();
});
