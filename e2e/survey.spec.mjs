// NPS and CSAT micro-surveys (issue 4): asked at the right moment, not too often, never lost.
// The server's side is checked through the admin API: the report counts responses, and a
// detractor's answer and follow-up comment each leave a webhook alert in the deliveries list.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Shop, addToCart, alertsSince, dueCsatSurvey, eligibility, reportRow, widgetUrl } from './support.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test('a CSAT survey triggered by patron("track") on the demo shop is answered with a follow-up, and not asked again', async ({ page, request }) => {
  const from = Date.now() - 1000;
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'en' });
  // The shop's "Add to cart" calls patron('track', 'add_to_cart', {sku}): the loader starts
  // the widget, which asks the server, and opens the panel on the survey that is due.
  const survey = await eligibility(page, () => addToCart(page));
  expect(survey.id).toBe('csat-shopping');
  const card = shop.widget.getByTestId('survey');
  await expect(shop.widget.getByTestId('screen-survey')).toBeVisible();
  await expect(card).toBeVisible();

  // A radio group of five, each with its words; arrows move, Enter chooses.
  const group = card.getByRole('radiogroup', { name: 'How satisfied are you with shopping at Mingjia Home today?' });
  const options = group.getByRole('radio');
  await expect(options).toHaveCount(5);
  await expect(options.first()).toContainText('Very dissatisfied');
  await expect(options.last()).toContainText('Very satisfied');
  await options.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(options.nth(1)).toBeFocused();
  await expect(options.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(group).toBeVisible();
  await page.keyboard.press('Enter');

  // The band's follow-up question, added to the same response.
  const comment = card.getByTestId('survey-comment');
  await expect(card).toContainText("We're sorry. What went wrong?");
  await expect(card.getByText("We're sorry. What went wrong?")).toBeFocused();
  await comment.fill('The lid was hard to find.');
  await card.getByTestId('survey-send').click();
  await expect(card.getByTestId('survey-thanks')).toHaveText('Thank you for your feedback!');

  // Stored: one response, a detractor, and its comment (each raises an alert).
  await expect.poll(async () => (await reportRow(request, from, 'csat-shopping')).responses).toBe(1);
  const row = await reportRow(request, from, 'csat-shopping');
  expect(row).toMatchObject({ displays: 1, detractors: 1, csat_mean: 2 });
  await expect.poll(() => alertsSince(request, from)).toEqual(['survey.detractor', 'survey.detractor_comment']);
  // Done: the panel the survey opened closes again.
  await expect(shop.iframe).toBeHidden({ timeout: 10_000 });

  // The same customer (the device id the loader keeps) is not asked again, reload or not.
  expect(await eligibility(page, () => addToCart(page))).toBeNull();
  await shop.goto();
  expect(await eligibility(page, () => addToCart(page))).toBeNull();
  await expect(shop.iframe).toBeHidden();
});

test('an answer given offline survives a reload and reaches the server exactly once', async ({ page, context, request }) => {
  const from = Date.now() - 1000;
  const { shop, card } = await dueCsatSurvey(page);

  await context.setOffline(true);
  await card.getByTestId('survey-score-1').click();
  await card.getByTestId('survey-comment').fill('Offline, and still not lost.');
  await card.getByTestId('survey-send').click();
  await expect(card.getByTestId('survey-thanks')).toBeVisible();
  // The customer is told it waits, and may try again.
  await expect(card.getByTestId('survey-waiting')).toBeVisible();
  await expect(card.getByTestId('survey-retry')).toBeVisible();
  // Kept before any attempt: the iframe has no storage, so in the shop's, by the loader.
  const kept = () => page.evaluate(() => localStorage.getItem('patronOutbox') ?? '');
  await expect.poll(kept).toContain('response:');
  expect(await kept()).toContain('follow-up:');

  // Back online, but every acknowledgement is lost on the way back: the server stores the
  // answer; the widget never learns it, so it keeps it and retries.
  const attempts = [];
  await page.route('**/surveys/responses', async (route) => {
    const res = await route.fetch();
    attempts.push(res.status());
    await route.abort('connectionreset');
  });
  await context.setOffline(false);
  await expect.poll(() => attempts.length).toBeGreaterThan(0);
  expect(attempts[0]).toBe(201);
  await expect.poll(async () => (await reportRow(request, from, 'csat-shopping')).responses).toBe(1);
  expect(await kept()).toContain('response:');

  // A reload: the loader finds answers waiting, starts the widget, hands them over; they are
  // sent again, the server recognises the key (200, the same receipt), the comment follows.
  await page.unroute('**/surveys/responses');
  const replays = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/surveys/responses')) replays.push(r.status());
  });
  await shop.goto();
  await expect.poll(kept, { timeout: 15_000 }).toBe('');
  expect(replays).toEqual([200]);
  await expect.poll(() => alertsSince(request, from)).toEqual(['survey.detractor', 'survey.detractor_comment']);
  const row = await reportRow(request, from, 'csat-shopping');
  expect(row).toMatchObject({ displays: 1, responses: 1, detractors: 1 });
});

test('on a kiosk the idle reset lets the next shopper be asked, and nothing of theirs is stored', async ({ page }) => {
  await page.goto(widgetUrl({ mode: 'kiosk', idle: '2', locale: 'en' }));
  await expect(page.getByTestId('home')).toBeVisible();
  const track = () => page.evaluate(() => window.patron('track', 'add_to_cart', { sku: 'KETTLE-1L' }));

  expect((await eligibility(page, track)).id).toBe('csat-shopping');
  // From the home screen the kiosk goes to the survey: touch-sized options.
  await expect(page.getByTestId('screen-survey')).toBeVisible();
  const card = page.getByTestId('survey');
  // Each option found afresh: the card may still move from the dock onto the Feedback screen.
  const options = card.getByRole('radio');
  await expect(options).toHaveCount(5);
  for (let i = 0; i < 5; i += 1) {
    const box = await options.nth(i).boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.width).toBeGreaterThanOrEqual(48);
  }
  await card.getByTestId('survey-score-5').click();
  await card.getByTestId('survey-skip').click();
  await expect(card.getByTestId('survey-thanks')).toBeVisible();
  await card.getByTestId('survey-dismiss').click();
  await expect(card).toHaveCount(0);

  // The same shopper is not asked twice.
  expect(await eligibility(page, track)).toBeNull();

  // Nobody touches the kiosk: it starts over (a new kiosk session), and the next shopper is
  // asked afresh.
  await page.evaluate(() => new Promise((resolve) => window.patron('on', 'idle-reset', resolve)));
  await expect(page.getByTestId('home')).toBeVisible();
  expect((await eligibility(page, track)).id).toBe('csat-shopping');
  await expect(page.getByTestId('survey')).toBeVisible();

  // A shared device keeps nothing of its shoppers (no device id, no outbox).
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
});

test('page mode: the host asks for an NPS survey with a context; the scale is labelled for screen readers', async ({ page }) => {
  await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
  await expect(page.getByTestId('home')).toBeVisible();
  await page.evaluate(() => window.patron('survey', 'nps-quarterly', { context: { order: 'SO-1001' } }));
  const card = page.getByTestId('survey');
  await expect(card).toBeVisible();
  const options = card.getByRole('radio');
  await expect(options).toHaveCount(11);
  await expect(card.getByRole('radio', { name: '0 = Not at all likely' })).toBeVisible();
  await expect(card.getByRole('radio', { name: '10 = Extremely likely' })).toBeVisible();

  const results = await new AxeBuilder({ page }).include('[data-testid="survey"]').withTags(TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await options.first().focus();
  await page.keyboard.press('End');
  await expect(options.last()).toBeFocused();
  const sent = page.waitForRequest((r) => r.url().endsWith('/surveys/responses'));
  await page.keyboard.press('Enter');
  const body = JSON.parse((await sent).postData());
  expect(body).toMatchObject({ survey_id: 'nps-quarterly', kind: 'nps', score: 10, surface: 'page', context: { order: 'SO-1001' } });
  expect(body.idempotency_key).toMatch(/^[0-9a-f]{32}$/);
  await expect(card).toContainText('Great! What would you tell a friend about us?');
  await card.getByTestId('survey-skip').click();
  await expect(card.getByTestId('survey-thanks')).toBeVisible();
});

test('"Not now" counts as a display: the survey is not asked again; reading a Help article asks', async ({ page, request }) => {
  const from = Date.now() - 1000;
  await page.goto(widgetUrl({ mode: 'page', locale: 'zh-TW' }));
  await expect(page.getByTestId('home')).toBeVisible();
  const ask = () => page.evaluate(() => window.patron('survey', 'csat-after-contact'));
  expect((await eligibility(page, ask)).id).toBe('csat-after-contact');
  const card = page.getByTestId('survey');
  await expect(card).toContainText('您的問題解決了嗎');
  await expect(card.getByRole('radio').first()).toContainText('非常不滿意');
  await card.getByRole('button', { name: '以後再說' }).click();
  await expect(card).toHaveCount(0);
  await expect.poll(async () => (await reportRow(request, from, 'csat-after-contact')).displays).toBe(1);
  expect((await reportRow(request, from, 'csat-after-contact')).responses).toBe(0);
  expect(await eligibility(page, ask)).toBeNull();

  // Help reports what the customer read: the widget asks whether a survey is due.
  await page.getByTestId('back').click();
  await page.getByTestId('module-faq').click();
  const asked = page.waitForRequest((r) => r.url().endsWith('/surveys/eligibility'));
  await page.getByTestId('faq-link').first().click();
  expect(JSON.parse((await asked).postData()).trigger.kind).toBe('faq_article_read');
});

test('page mode keeps an unsent answer in its own storage and sends it when the app opens it again', async ({ page, request }) => {
  const from = Date.now() - 1000;
  await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
  await expect(page.getByTestId('home')).toBeVisible();
  // The server cannot be reached for answers (the app's connection is down).
  await page.route('**/surveys/responses', (route) => route.abort('internetdisconnected'));
  await page.evaluate(() => window.patron('survey', 'csat-after-order', { context: { order: 'SO-2002' } }));
  const card = page.getByTestId('survey');
  await card.getByTestId('survey-score-4').click();
  await expect(card).toContainText('What did you like most?');
  await expect(card.getByTestId('survey-waiting')).toBeVisible();
  const kept = () => page.evaluate(() => localStorage.getItem('patron.survey-outbox.demo'));
  expect(await kept()).toContain('response:');

  // The app opens the widget again later: the answer goes out without anything being asked.
  await page.unroute('**/surveys/responses');
  await page.reload();
  await expect(page.getByTestId('home')).toBeVisible();
  await expect.poll(kept).toBeNull();
  const row = await reportRow(request, from, 'csat-after-order');
  expect(row).toMatchObject({ responses: 1, promoters: 1 });
});
