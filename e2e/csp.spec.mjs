// Shops with a strict Content-Security-Policy (issue 16), on another site than Patron: one
// allowing no inline script or style at all, one allowing only what carries its nonce. The
// loader, its panel and the tour style their shadow roots with constructable stylesheets, which
// no policy can refuse, or, where a browser has none, a <style> carrying the loader's nonce.
import { test, expect } from '@playwright/test';
import { HOST_URL, PATRON_URL, Shop, Tour } from './support.mjs';

/** Collects what the page's policy refuses: violation events and the console's reports. */
async function watchRefusals(page) {
  const console = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) console.push(m.text());
  });
  // Composed: a refusal inside a shadow root reaches the window too.
  await page.addInitScript(() => {
    window.refused = [];
    addEventListener('securitypolicyviolation', (e) => window.refused.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...(await page.evaluate(() => window.refused)), ...console];
}

/** Opens the host page `file` and checks it came with the policy `policy`. */
async function gotoStrictPage(shop, file, policy) {
  const response = await shop.goto(`${HOST_URL}/${file}`);
  // Another site than Patron.
  expect(new URL(HOST_URL).hostname).toBe('localhost');
  expect(new URL(PATRON_URL).hostname).toBe('127.0.0.1');
  expect(response.headers()['content-security-policy']).toBe(policy);
}

/** The launcher is a 56 px round button fixed 20 px from the bottom right corner. */
async function expectLauncherStyled(shop) {
  const viewport = shop.page.viewportSize();
  await expect(shop.launcher).toHaveCSS('position', 'fixed');
  await expect(shop.launcher).toHaveCSS('border-radius', '50%');
  await expect(shop.launcher).toHaveCSS('background-color', 'rgb(28, 27, 31)');
  const button = await shop.launcher.boundingBox();
  expect(button).toEqual({ x: viewport.width - 20 - 56, y: viewport.height - 20 - 56, width: 56, height: 56 });
}

/**
 * Opens the panel, which must have its real size (380 px wide, up to 640 px high, above the
 * launcher), not that of an unstyled 300×150 frame in the page's flow.
 */
async function openAndExpectPanelSized(shop) {
  const viewport = shop.page.viewportSize();
  await shop.call('boot', { locale: 'en' });
  await shop.open();
  await expect(shop.iframe).toHaveCSS('position', 'fixed');
  const panel = await shop.iframe.boundingBox();
  const height = Math.min(640, viewport.height - 108);
  expect(panel).toEqual({ x: viewport.width - 20 - 380, y: viewport.height - 88 - height, width: 380, height });
}

/** A guide step points at the member price on the page: the tour is drawn and styled. */
async function expectTourStyled(shop) {
  const { page, widget } = shop;
  await shop.moduleButton('onboarding').click();
  await widget.locator('[data-testid="guide-pack"][data-pack="welcome"]').getByTestId('guide-open').click();
  await widget.getByTestId('guide-next').click();
  await expect(widget.getByTestId('guide-step')).toHaveAttribute('data-step', 'member-price');
  await widget.getByTestId('guide-show-me').click();
  const tour = new Tour(page);
  await expect(tour.bubble).toContainText('This is the member price');
  await expect(tour.bubble).toHaveCSS('position', 'fixed');
  await expect(tour.bubble).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await expect(tour.bubble).toHaveCSS('border-radius', '12px');
  await expect(tour.bubble.getByRole('button', { name: 'Next' })).toHaveCSS('background-color', 'rgb(164, 38, 44)');
  await expect(tour.spot).toHaveCSS('box-shadow', /rgba\(0, 0, 0, 0\.55\) 0px 0px 0px 9999px/);
  const spot = await tour.spot.boundingBox();
  const target = await page.locator('.shop-member').boundingBox();
  expect(Math.abs(spot.x + 6 - target.x)).toBeLessThan(2);
  expect(Math.abs(spot.y + 6 - target.y)).toBeLessThan(2);
  // The bubble sits below the element it explains.
  expect((await tour.bubble.boundingBox()).y).toBeGreaterThan(target.y + target.height);
  await tour.bubble.getByRole('button', { name: 'Next' }).click();
  await expect(tour.host).toHaveCount(0);
  await expect(shop.iframe).toHaveClass(/open/);
}

test('on a shop whose policy allows no inline style or script, the launcher, the panel and the tour are styled and nothing is refused', async ({ page }) => {
  const refusals = await watchRefusals(page);
  const shop = new Shop(page);
  await gotoStrictPage(shop, 'strict-csp.html',
    `default-src 'self'; script-src 'self' ${PATRON_URL}; style-src 'self'; frame-src ${PATRON_URL}`);
  await expectLauncherStyled(shop);
  // Constructable stylesheets, no <style> element.
  await expect(page.locator('patron-widget style')).toHaveCount(0);
  await openAndExpectPanelSized(shop);
  await expectTourStyled(shop);
  expect(await refusals()).toEqual([]);

  // The policy is live: the inline <style> the loader used to insert is refused here.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'button{color:red}';
    document.querySelector('patron-widget').shadowRoot.append(style);
  });
  await expect.poll(refusals).toContainEqual(expect.stringMatching(/^style-src/));
});

test('without constructable stylesheets (Safari before 16.4), a <style> with the loader\'s nonce styles everything under a nonce-based policy', async ({ page }) => {
  // In every frame; the widget's own page does not use them.
  await page.addInitScript(() => { delete window.CSSStyleSheet; });
  const refusals = await watchRefusals(page);
  const shop = new Shop(page);
  await gotoStrictPage(shop, 'nonce-csp.html',
    `default-src 'self'; script-src 'nonce-e2e' 'strict-dynamic'; style-src 'nonce-e2e'; frame-src ${PATRON_URL}`);
  await expectLauncherStyled(shop);
  await expect(page.locator('patron-widget style')).toHaveCount(1);
  await openAndExpectPanelSized(shop);
  await expectTourStyled(shop);
  expect(await refusals()).toEqual([]);
});
