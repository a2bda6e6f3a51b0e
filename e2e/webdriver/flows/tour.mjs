// A guide's step points at the shop page: the loader's tour spotlights the element with the
// step's bubble, the panel steps aside, and "Next" completes the step on the server.
import assert from 'node:assert/strict';
import { By, Shop, byTestId } from '../pages.mjs';

export default [{
  name: 'a guide\'s step tours the shop page and "Next" completes it',
  async run({ driver, urls, api }) {
    const shop = new Shop(driver, urls);
    await shop.goto();
    await shop.call('boot', { locale: 'en' });
    await shop.open();
    await (await shop.visible(byTestId('module-onboarding'))).click();
    const welcome = await shop.visible(By.css('[data-testid="guide-pack"][data-pack="welcome"]'), 'the welcome guide');
    await (await shop.visible(byTestId('guide-open'), 'its Open button', welcome)).click();
    await shop.attribute(byTestId('guide-step'), 'data-step', 'track-order');
    await (await shop.visible(byTestId('guide-next'))).click();
    await shop.attribute(byTestId('guide-step'), 'data-step', 'member-price');
    await (await shop.visible(byTestId('guide-show-me'))).click();

    // On the shop page: the bubble, the spotlight around the member price; the panel aside.
    await shop.onPage();
    const tour = async () => (await shop.visible(By.css('patron-tour'), 'the tour')).getShadowRoot();
    const bubble = await shop.visible(By.css('.bubble'), 'the tour\'s bubble', await tour());
    await shop.text(By.css('.bubble'), 'This is the member price', await tour());
    await shop.text(By.css('.bubble'), 'Step 2 of 5', await tour());
    assert.equal(await shop.panelOpen(), false);
    // The spotlight settles 6 px around the element (it moves there with a short transition).
    // Measured by script: WebKitWebDriver refuses Get Element Rect on the spotlight, which
    // lets pointer events through (ElementNotInteractableError).
    await shop.eventually(() => shop.script(`
      const spot = document.querySelector('patron-tour').shadowRoot.querySelector('.spot').getBoundingClientRect();
      const target = document.querySelector('.shop-member').getBoundingClientRect();
      return Math.abs(spot.x + 6 - target.x) < 2 && Math.abs(spot.y + 6 - target.y) < 2;`), true, 'the spotlight around the member price');
    const next = await shop.role('button', 'Next', bubble);
    await shop.eventually(() => shop.script('return document.querySelector("patron-tour").shadowRoot.activeElement === arguments[0]', next), true, 'focus on Next');

    await next.click();
    await shop.eventually(async () => (await driver.findElements(By.css('patron-tour'))).length, 0, 'the tour removed');
    await shop.eventually(() => shop.panelOpen(), true, 'the panel back');
    await shop.inWidget();
    await shop.attribute(byTestId('guide-step'), 'data-step', 'points-tiers');
    const device = await shop.storage('patronDevice');
    await shop.eventually(async () => (await api.welcomeProgress(device)).completed, ['member-price'], 'progress on the server');
  },
}];
