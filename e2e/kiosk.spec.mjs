// A kiosk designed as a kiosk: scaled to a large touch screen in either orientation, Help
// browsed by big category tiles, a countdown before the idle reset and a welcome screen after
// it, "Continue on your phone" by QR code, and articles readable when the network drops.
import { test, expect } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { widgetUrl } from './support.mjs';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

/** The kiosk page: its home tiles, Help's topic tiles and articles, the overlays. */
class Kiosk {
  constructor(page) {
    this.page = page;
    this.home = page.getByTestId('home');
    this.tiles = page.getByTestId('faq-tile');
    this.article = page.getByTestId('faq-article');
    this.countdown = page.getByRole('alertdialog');
    this.attract = page.getByTestId('attract');
  }

  async goto(params = {}) {
    await this.page.goto(widgetUrl({ mode: 'kiosk', locale: 'en', ...params }));
    await expect(this.home).toBeVisible();
  }

  /** Help, a topic tile, then that topic's question number `n`: the article's title. */
  async openArticle(n = 0) {
    await this.page.getByTestId('module-faq').click();
    await this.tiles.first().click();
    await this.page.getByTestId('faq-link').nth(n).click();
    await expect(this.article).toBeVisible();
    return this.article.getByRole('heading').first().textContent();
  }
}

for (const [orientation, viewport] of [['portrait', { width: 1080, height: 1920 }], ['landscape', { width: 1920, height: 1080 }]]) {
  test(`the home screen fills a ${orientation} kiosk with large type and tiles`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const kiosk = new Kiosk(page);
    await kiosk.goto();
    const size = parseFloat(await page.getByTestId('panel').evaluate((el) => getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    const tiles = page.locator('.pt-module');
    for (const tile of await tiles.all()) {
      const box = await tile.boundingBox();
      expect(box.height).toBeGreaterThanOrEqual(viewport.height * 0.2);
      expect(box.width).toBeGreaterThanOrEqual(viewport.width * 0.3);
    }
    // Two columns of tiles, together most of the screen's height.
    const last = await tiles.last().boundingBox();
    expect(last.y + last.height).toBeGreaterThan(viewport.height * 0.6);
  });
}

test('Help on a kiosk starts from big topic tiles, with the search still there', async ({ page }) => {
  const kiosk = new Kiosk(page);
  await kiosk.goto();
  await page.getByTestId('module-faq').click();
  await expect(page.getByRole('searchbox')).toBeVisible();
  await expect(kiosk.tiles.first()).toBeVisible();
  expect(await kiosk.tiles.count()).toBeGreaterThanOrEqual(3);
  expect((await kiosk.tiles.first().boundingBox()).height).toBeGreaterThanOrEqual(100);
  const topic = await kiosk.tiles.first().textContent();
  await kiosk.tiles.first().click();
  await expect(page.getByRole('heading', { name: topic })).toBeFocused();
  await expect(page.getByTestId('faq-link').first()).toBeVisible();
  await page.getByRole('button', { name: 'All topics' }).click();
  await expect(kiosk.tiles.first()).toBeVisible();
  await page.getByRole('searchbox').fill('return');
  await expect(page.getByTestId('faq-result').first()).toBeVisible();
});

test('before an idle reset a countdown asks whether anyone is still there; after it, a welcome screen', async ({ page }) => {
  test.setTimeout(45_000);
  const kiosk = new Kiosk(page);
  // 8 s idle: the countdown shows the last 2.
  await kiosk.goto({ idle: '8' });
  await page.getByTestId('module-points').click();
  await expect(page.getByTestId('screen-points')).toBeVisible();

  await expect(kiosk.countdown).toBeVisible({ timeout: 10_000 });
  await expect(kiosk.countdown).toContainText(/Starting over in [12] seconds?\./);
  await expect(page.getByRole('button', { name: "I'm still here" })).toBeFocused();
  await page.getByRole('button', { name: "I'm still here" }).click();
  await expect(kiosk.countdown).toHaveCount(0);
  await expect(page.getByTestId('screen-points')).toBeVisible();

  // Nobody answers this time: the kiosk starts over and welcomes the next shopper.
  await expect(kiosk.countdown).toBeVisible({ timeout: 10_000 });
  await expect(kiosk.attract).toBeVisible({ timeout: 10_000 });
  await expect(kiosk.countdown).toHaveCount(0);
  await expect(page.getByTestId('screen-points')).toHaveCount(0);
  await expect(page.getByTestId('panel')).toHaveJSProperty('inert', true);
  await expect(kiosk.attract.getByRole('button', { name: 'Touch to start' })).toBeFocused();
  // A touch anywhere on it starts.
  await kiosk.attract.click({ position: { x: 40, y: 40 } });
  await expect(kiosk.attract).toHaveCount(0);
  await expect(page.getByTestId('panel')).toHaveJSProperty('inert', false);
  await expect(page.getByTestId('module-faq')).toBeVisible();
  await page.getByTestId('module-faq').click();
  await expect(page.getByTestId('screen-faq')).toBeVisible();
});

test('an untouched kiosk resets silently: no countdown when there is nothing to forget', async ({ page }) => {
  const kiosk = new Kiosk(page);
  await kiosk.goto({ idle: '2' });
  // Three idle periods pass.
  await page.waitForFunction(() => performance.now() > 7000, null, { timeout: 12_000 });
  await expect(kiosk.countdown).toHaveCount(0);
  await expect(kiosk.attract).toHaveCount(0);
});

test('"Continue on your phone": the article\'s QR code opens the same article on a phone', async ({ page, browser }) => {
  const kiosk = new Kiosk(page);
  await kiosk.goto();
  const title = await kiosk.openArticle();
  const code = page.getByRole('img', { name: 'QR code that opens this page on your phone' });
  await expect(code).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Continue on your phone' })).toBeVisible();
  await expect.poll(() => code.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);

  // What a phone's camera sees: the code as drawn on the kiosk's screen.
  const png = PNG.sync.read(await code.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded, 'the QR code decodes').not.toBeNull();
  const url = new URL(decoded.data);
  expect(url.pathname).toBe('/widget/');
  expect(url.searchParams.get('mode')).toBe('page');
  // Where to go, nothing about who: no member, device or session.
  expect([...url.searchParams.keys()].sort()).toEqual(['article', 'locale', 'mode', 'site', 'view']);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  try {
    const phonePage = await phone.newPage();
    await phonePage.goto(decoded.data);
    await expect(phonePage.getByTestId('panel')).toHaveAttribute('data-mode', 'page');
    await expect(phonePage.getByTestId('faq-article').getByRole('heading').first()).toHaveText(title);
    // The phone is not a kiosk: no code there.
    await expect(phonePage.getByTestId('handoff')).toHaveCount(0);
  } finally {
    await phone.close();
  }
});

test('guides and the points programme hand off too', async ({ page }) => {
  const kiosk = new Kiosk(page);
  await kiosk.goto();
  await page.getByTestId('module-points').click();
  await expect(page.getByTestId('handoff').getByRole('img')).toHaveAttribute('src', /view=points/);
  await page.getByTestId('back').click();
  await page.getByTestId('module-onboarding').click();
  await page.locator('[data-testid="guide-pack"][data-pack="welcome"] .pt-guide__pack-title').click();
  await expect(page.getByTestId('guide-checklist')).toBeVisible();
  await expect(page.getByTestId('handoff').getByRole('img')).toHaveAttribute('src', /view=onboarding&pack=welcome/);
});

test('articles already opened stay readable when the network drops', async ({ page, context }) => {
  const kiosk = new Kiosk(page);
  await kiosk.goto();
  const title = await kiosk.openArticle(0);
  await page.getByTestId('back').click();
  await expect(kiosk.tiles.first()).toBeVisible();

  await context.setOffline(true);
  try {
    await kiosk.tiles.first().click();
    await page.getByTestId('faq-link').nth(0).click();
    await expect(kiosk.article.getByRole('heading').first()).toHaveText(title);
    await expect(kiosk.article.locator('.pt-article__body')).not.toBeEmpty();
    // One never opened is not there: the network is really gone.
    await page.getByTestId('back').click();
    await kiosk.tiles.first().click();
    await page.getByTestId('faq-link').nth(1).click();
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test('a link that would leave the kiosk opens a dialog instead: the kiosk stays on the widget', async ({ page, context }) => {
  const kiosk = new Kiosk(page);
  const popups = [];
  context.on('page', (p) => popups.push(p));
  // As the article's "Continue on your phone" code opens it.
  await page.goto(widgetUrl({ mode: 'kiosk', locale: 'en', view: 'faq', article: 'track-order' }));
  await expect(kiosk.article).toBeVisible();
  const widget = page.url();
  const link = kiosk.article.getByRole('link', { name: 'My orders' });
  await link.click();
  const dialog = page.getByRole('alertdialog', { name: 'Links do not open on this screen' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Continue on your phone');
  await expect(dialog.getByRole('button', { name: 'OK' })).toBeFocused();
  // Neither this page nor a new window went to the shop.
  expect(page.url()).toBe(widget);
  expect(popups).toHaveLength(0);
  // The code it points to is on the page; closing gives the focus back to the article.
  await expect(page.getByTestId('handoff')).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(kiosk.article.getByRole('heading').first()).toBeFocused();
  // A tap beside the dialog closes it too; the widget's own buttons still work.
  await link.click();
  await expect(dialog).toBeVisible();
  await page.mouse.click(20, 1900);
  await expect(dialog).toHaveCount(0);
  expect(page.url()).toBe(widget);
  await page.getByTestId('back').click();
  await expect(kiosk.article).toHaveCount(0);
});
