// Help (FAQ self-service) in the embedded widget on the demo shop.
import { test, expect } from '@playwright/test';
import { Shop, PATRON_URL } from './support.mjs';

// `--demo` gives the demo site this admin key (content/demo/site.yaml holds only its hash).
const ADMIN = { Authorization: 'Bearer demo-admin-key' };

async function openHelp(shop) {
  await shop.goto();
  await shop.open();
  await shop.moduleButton('faq').click();
  await expect(shop.widget.getByTestId('faq-browse')).toBeVisible();
}

async function search(shop, text) {
  const box = shop.widget.getByTestId('faq-search');
  await box.fill(text);
  const results = shop.widget.getByTestId('faq-result');
  await expect(results.first()).toBeVisible();
  return results;
}

test('Help is a separate chunk: not downloaded on first open, fetched when Help opens', async ({ page }) => {
  // (The home screen's guide suggestion is part of the first open; Help's chunk must wait.)
  const chunks = [];
  page.on('request', (r) => { if (/split_faq\.wasm$/.test(r.url())) chunks.push(r.url()); });
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  await page.waitForTimeout(500);
  expect(chunks).toEqual([]);
  await shop.moduleButton('faq').click();
  await expect(shop.widget.getByTestId('faq-browse')).toBeVisible();
  expect(chunks.some((u) => u.endsWith('split_faq.wasm'))).toBe(true);
});

test('a chunk that cannot be fetched shows a friendly error and a retry that works', async ({ page }) => {
  let fail = true;
  await page.route(/split_faq\.wasm$/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  await shop.moduleButton('faq').click();
  await expect(shop.widget.getByTestId('error')).toBeVisible();
  fail = false;
  await shop.widget.getByTestId('retry').click();
  await expect(shop.widget.getByTestId('faq-browse')).toBeVisible();
  expect(errors).toEqual([]);
});

test('search in Chinese (simplified and traditional) and English finds the right article', async ({ page }) => {
  const shop = new Shop(page);
  await openHelp(shop);
  let results = await search(shop, '怎么退货');
  await expect(results.first()).toContainText('退');
  // Matched terms are highlighted, as text, never as HTML.
  await expect(shop.widget.getByTestId('faq-results').locator('mark').first()).toBeVisible();
  await expect(shop.widget.getByTestId('faq-announce')).not.toBeEmpty();

  results = await search(shop, '地址填错了');
  await expect(results.first()).toContainText('地址');

  results = await search(shop, '查詢物流');
  await expect(results.first()).toContainText('物流');

  await shop.call('boot', { site: 'demo', locale: 'en' });
  results = await search(shop, 'retrun');
  await expect(results.first()).toContainText(/return/i);
});

test('keyboard: arrows move through results, Enter opens, Escape goes back', async ({ page }) => {
  const shop = new Shop(page);
  await openHelp(shop);
  await search(shop, '发票');
  const box = shop.widget.getByTestId('faq-search');
  await box.press('ArrowDown');
  const first = shop.widget.getByTestId('faq-result').first();
  await expect(first).toBeFocused();
  await first.press('ArrowDown');
  await expect(shop.widget.getByTestId('faq-result').nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(shop.widget.getByTestId('faq-article')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(shop.widget.getByTestId('faq-browse')).toBeVisible();
});

test('read, vote, escalate: the contact request carries the queries and the articles read', async ({ page, request }) => {
  const shop = new Shop(page);
  await openHelp(shop);
  const query = "退款多久到账";
  const results = await search(shop, query);
  const title = (await results.first().locator(".pt-result__title").first().textContent())?.trim();
  await results.first().click();
  const article = shop.widget.getByTestId('faq-article');
  await expect(article).toBeVisible();
  // The sanitised body rendered: real paragraphs, no script.
  await expect(article.locator('p').first()).toBeVisible();
  expect(await article.locator('script').count()).toBe(0);

  await shop.widget.getByTestId('faq-no').click();
  await shop.widget.locator('input[name="pt-reason"][value="did_not_answer"]').check();
  await shop.widget.getByTestId('faq-send-vote').click();
  await expect(shop.widget.getByTestId('faq-thanks')).toBeVisible();

  await shop.widget.getByTestId('faq-contact').click();
  const form = shop.widget.getByTestId('contact-form');
  await expect(form).toBeVisible();
  // Validation errors appear beside the field that caused them.
  await form.locator('input[name="name"]').fill('王小明');
  await form.locator('input[name="email"]').fill('not-an-email');
  await form.locator('textarea[name="message"]').fill('退款还没到账,订单已经退回一周了。');
  await shop.widget.getByTestId('contact-send').click();
  await expect(shop.widget.getByTestId('error-email')).toBeVisible();
  await form.locator('input[name="email"]').fill('xiaoming@example.com');
  await shop.widget.getByTestId('contact-send').click();
  await expect(shop.widget.getByTestId('contact-sent')).toBeVisible();
  const reference = (await shop.widget.getByTestId('contact-reference').textContent()).trim();
  expect(reference).not.toBe('');

  const res = await request.get(`${PATRON_URL}/v1/admin/sites/demo/contacts?limit=20`, { headers: ADMIN });
  expect(res.ok()).toBe(true);
  const { contacts } = await res.json();
  const mine = contacts.find((c) => c.reference === reference);
  expect(mine, `contact ${reference} is listed`).toBeTruthy();
  expect(mine.context.queries).toContain(query);
  expect(mine.context.articles_read.length).toBeGreaterThan(0);
  if (title) expect(mine.context.articles_read.map((a) => a.title)).toContain(title);
  expect(mine.email).toBe('xiaoming@example.com');
});

test("patron('open') goes straight to an article or a search", async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('open', { view: 'faq', article: 'returns-policy' });
  const article = shop.widget.getByTestId('faq-article');
  await expect(article).toBeVisible();
  await expect(article.getByRole('heading').first()).toContainText('退');

  await shop.call('open', { view: 'faq', query: '发票' });
  await expect(shop.widget.getByTestId('faq-search')).toHaveValue('发票');
  await expect(shop.widget.getByTestId('faq-result').first()).toBeVisible();
});
