// Surveys explained (issue 18): reason chips after a low score, counted in the report, and a
// customer-effort (CES, 1-7) question answered in the widget, reported per wording (A/B).
import { test, expect } from '@playwright/test';
import { Shop, dueCsatSurvey, eligibility, reportRow, reportRows } from './support.mjs';

test('a reason chip chosen after a low score is stored with the answer and counted in the report', async ({ page, request }) => {
  const from = Date.now() - 1000;
  const { shop, card } = await dueCsatSurvey(page);
  await card.getByRole('radio', { name: /Very dissatisfied/ }).click();

  // The follow-up offers the survey's reasons as toggle buttons, any number.
  const reasons = card.getByRole('group', { name: 'Choose any that apply' });
  await expect(reasons.getByRole('button')).toHaveText(['Slow delivery', 'Product quality', 'Service attitude', 'Price']);
  const slow = reasons.getByRole('button', { name: 'Slow delivery' });
  await expect(slow).toHaveAttribute('aria-pressed', 'false');
  await slow.click();
  await expect(slow).toHaveAttribute('aria-pressed', 'true');
  // Chosen and unchosen again: only what is pressed at "Send" counts.
  const price = reasons.getByRole('button', { name: 'Price' });
  await price.click();
  await price.click();
  await expect(price).toHaveAttribute('aria-pressed', 'false');
  await card.getByTestId('survey-send').click();
  await expect(card.getByTestId('survey-thanks')).toBeVisible();

  await expect.poll(async () => (await reportRows(request, from, 'csat-shopping', 'reason')).map((r) => [r.value, r.responses]))
    .toEqual([['slow-delivery', 1]]);
  // (The survey's totals are site-wide and other specs answer it in parallel; the reason row
  // is this answer's own.)
  await expect(shop.iframe).toBeHidden({ timeout: 10_000 });
});

test('a customer-effort question is answered on its 1-7 scale, in the wording this customer always gets', async ({ page, request }) => {
  const from = Date.now() - 1000;
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'zh-TW' });
  const survey = await eligibility(page, () => shop.call('track', 'return_requested'));
  expect(survey).toMatchObject({ id: 'ces-returns', kind: 'ces' });
  expect(['easy', 'effort']).toContain(survey.variant);
  const card = shop.widget.getByTestId('survey');
  const group = card.getByRole('radiogroup', { name: survey.question });
  await expect(group.getByRole('radio')).toHaveCount(7);
  await expect(group.getByRole('radio').first()).toHaveAccessibleName('1 = 非常困難');
  await expect(group.getByRole('radio').last()).toHaveAccessibleName('7 = 非常容易');
  await expect(card).toContainText('非常困難');
  await group.getByRole('radio', { name: /^6/ }).click();
  await expect(card.getByTestId('survey-thanks')).toHaveText('謝謝!我們會讓退貨更簡單。');

  await expect.poll(async () => (await reportRow(request, from, 'ces-returns')).responses).toBe(1);
  expect(await reportRow(request, from, 'ces-returns')).toMatchObject({ kind: 'ces', ces_mean: 6, ces_easy_share: 1 });
  const variants = await reportRows(request, from, 'ces-returns', 'variant');
  expect(variants.map((r) => [r.value, r.displays, r.responses])).toEqual([[survey.variant, 1, 1]]);
});
