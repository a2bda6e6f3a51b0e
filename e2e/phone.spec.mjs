// Phones: page mode in an app's webview and the embedded panel on a narrow screen. The panel
// fills the screen, clear of the notch; an on-screen keyboard never hides the focused field;
// fields are 16 px (iOS zooms into smaller ones); the page behind neither scrolls nor takes
// the focus. Chromium has no on-screen keyboard: the test shrinks the visual viewport the way
// one does (its height, then its resize event), which is all the widget and the loader read.
import { test, expect } from '@playwright/test';
import { Shop, widgetUrl } from './support.mjs';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

/** The widget's own page (page mode) or its iframe (embedded): its screens and fields. */
class PhonePanel {
  constructor(ui) {
    this.ui = ui;
    this.panel = ui.getByTestId('panel');
    this.search = ui.getByRole('searchbox');
  }

  /** Help's contact form, reached the way a customer does: a search (in the panel's
   * language), an answer, "Contact". */
  async contactForm(query) {
    await this.ui.getByTestId('module-faq').click();
    await this.search.fill(query);
    await this.ui.getByTestId('faq-result').first().click();
    await this.ui.getByTestId('faq-contact').click();
    return this.ui.getByTestId('contact-form');
  }
}

/** What an on-screen keyboard does to `page`'s visual viewport: it is `height` tall now. */
async function keyboard(page, height) {
  await page.evaluate((h) => {
    Object.defineProperty(visualViewport, 'height', { configurable: true, get: () => h });
    visualViewport.dispatchEvent(new Event('resize'));
  }, height);
}

test('page mode fills the phone, clear of the notch, with 16 px fields kept above the keyboard', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: { top: 47, bottom: 34, left: 0, right: 0 } });
  await page.goto(widgetUrl({ mode: 'page', locale: 'en' }));
  const phone = new PhonePanel(page);
  await expect(phone.panel).toBeVisible();
  expect(await phone.panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  await expect(page.locator('.pt-header')).toHaveCSS('padding-top', '47px');
  await expect(page.locator('.pt-body')).toHaveCSS('padding-bottom', '34px');

  const form = await phone.contactForm('return');
  await expect(phone.ui.getByTestId('screen-faq')).toBeVisible();
  for (const field of await form.locator('input, textarea').all()) {
    expect(parseFloat(await field.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  }
  const message = form.locator('textarea');
  await message.focus();
  // A keyboard that rises to just above the field: without the widget's help the field would
  // be under it (how far down the field sits depends on the answer above the form).
  const fieldTop = Math.floor((await message.boundingBox()).y);
  const visible = Math.max(200, fieldTop - 10);
  expect(fieldTop).toBeGreaterThan(visible);

  await keyboard(page, visible);
  await expect.poll(async () => (await phone.panel.boundingBox()).height).toBe(visible);
  await expect.poll(async () => {
    const box = await message.boundingBox();
    return box.y >= 0 && box.y + box.height <= visible;
  }).toBe(true);
  await expect(message).toBeFocused();

  // The keyboard goes: the panel takes the whole screen again.
  await keyboard(page, 844);
  await expect.poll(async () => (await phone.panel.boundingBox()).height).toBe(844);
});

test('embedded on a phone the panel covers the page, which neither scrolls nor takes the focus', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: { top: 47, bottom: 34, left: 0, right: 0 } });
  const shop = new Shop(page);
  await shop.goto();
  const scrollable = await page.evaluate(() => document.documentElement.scrollHeight > innerHeight);
  expect(scrollable).toBe(true);
  await shop.open();
  expect(await shop.iframe.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  await expect(shop.launcher).toBeHidden();
  // Clear of the notch and the home indicator: the frame is padded by the page's insets, once.
  await expect(shop.iframe).toHaveCSS('padding-top', '47px');
  await expect(shop.iframe).toHaveCSS('padding-bottom', '34px');
  const frame = await (await shop.iframe.elementHandle()).contentFrame();
  expect(await frame.evaluate(() => innerHeight)).toBe(844 - 47 - 34);
  await expect(shop.widget.locator('.pt-header')).toHaveCSS('padding-top', '12px');
  // A phone without a notch from here on: Playwright places its clicks in a frame as if the
  // frame had no padding.
  await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: { top: 0, bottom: 0, left: 0, right: 0 } });
  await expect(shop.iframe).toHaveCSS('padding-top', '0px');

  // Scrolling over the panel, where there is nothing to scroll, would scroll the shop.
  await page.mouse.move(195, 600);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 400);
  await expect.poll(() => page.evaluate(() => document.documentElement.style.overflow)).toBe('hidden');
  expect(await page.evaluate(() => scrollY)).toBe(0);

  // Everything of the shop is inert; Tab goes round the panel and never out of it.
  const notInert = () => page.evaluate(() =>
    [...document.body.children].filter((e) => e.localName !== 'patron-widget' && !e.inert).map((e) => e.localName));
  expect(await notInert()).toEqual([]);
  await shop.widget.getByTestId('close').focus();
  const inside = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i % 4 === 3 ? 'Shift+Tab' : 'Tab');
    inside.push(await page.evaluate(() => document.activeElement?.localName));
  }
  expect(new Set(inside)).toEqual(new Set(['patron-widget']));
  const focusedInPanel = await frame.evaluate(() => !!document.activeElement?.closest('.pt-panel'));
  expect(focusedInPanel).toBe(true);

  // The keyboard: the panel ends where it starts.
  const phone = new PhonePanel(shop.widget);
  const form = await phone.contactForm('退货'); // the shop, and so the panel, is in zh-CN
  await form.locator('textarea').focus();
  await keyboard(page, 420);
  await expect.poll(async () => (await shop.iframe.boundingBox()).height).toBe(420);
  await expect.poll(async () => {
    const box = await form.locator('textarea').boundingBox();
    return box.y + box.height <= 420;
  }).toBe(true);
  await keyboard(page, 844);

  // Closed, the shop is the shop again.
  await shop.widget.getByTestId('close').click();
  await expect(shop.iframe).toBeHidden();
  await expect.poll(notInert).not.toEqual([]);
  expect(await page.evaluate(() => [...document.body.children].some((e) => e.inert))).toBe(false);
  expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe('');
  await page.mouse.wheel(0, 400);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(0);
});

test('on a desktop the embedded panel leaves the page alone', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const shop = new Shop(page);
  await shop.goto();
  await shop.open();
  expect(await page.evaluate(() => [...document.body.children].some((e) => e.inert))).toBe(false);
  expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe('');
});

test('reached for, the panel is drawn unseen: the shop under it still takes taps and Tab, and opening shows it', async ({ page }) => {
  const shop = new Shop(page);
  await shop.goto();
  // Focusing the launcher (as a hover does) loads the widget into a frame that covers the
  // phone's screen, transparent, inert and letting the pointer through.
  await page.locator('patron-widget button').focus();
  await expect(shop.iframe).toHaveClass('primed');
  await expect(shop.iframe).toHaveJSProperty('inert', true);
  await expect(shop.widget.getByTestId('guide-suggestion')).toBeAttached();
  // (Not "Add to cart": that asks the widget for a survey, which opens the panel.)
  const quantity = page.getByRole('spinbutton', { name: /数量/ });
  await expect(quantity).toHaveValue('1');
  await page.getByRole('button', { name: /增加数量/ }).tap();
  await expect(quantity).toHaveValue('2');
  // The shop keeps the keyboard: Tab from the launcher never lands in the frame, and the
  // widget's own focus on its heading did not take.
  const frame = page.frames().find((f) => f.url().includes('/widget/'));
  const frameFocused = () => page.evaluate(() =>
    document.querySelector('patron-widget').shadowRoot.activeElement?.localName === 'iframe');
  await page.locator('patron-widget button').focus();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    expect(await frameFocused(), `Tab ${i + 1}: the frame`).toBe(false);
    expect(await frame.evaluate(() => document.hasFocus()), `Tab ${i + 1}: in the frame`).toBe(false);
  }
  // Opened: shown, no longer inert, the home screen at once.
  await page.locator('patron-widget button').tap();
  await expect(shop.iframe).toHaveClass('open');
  await expect(shop.iframe).toHaveJSProperty('inert', false);
  await expect(shop.widget.getByTestId('home')).toBeVisible();
});
