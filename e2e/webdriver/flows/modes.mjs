// The same build full screen: page mode in an app's webview (phone-sized), kiosk mode.
import assert from 'node:assert/strict';
import { WidgetPage, byTestId } from '../pages.mjs';

const MODULES = { faq: 'Help', onboarding: 'Getting started', survey: 'Feedback', points: 'My points' };

export default [{
  name: 'page mode fills a phone screen, obeys patron() and reports to the app\'s bridge',
  viewport: { width: 390, height: 844 },
  async run({ driver, urls }) {
    const page = new WidgetPage(driver, urls);
    await page.goto({ mode: 'page', locale: 'en' });
    await page.attribute(byTestId('panel'), 'data-mode', 'page');
    for (const [module, name] of Object.entries(MODULES)) await page.text(byTestId(`module-${module}`), name);
    const [panel, viewport] = await page.script(
      'return [document.querySelector("[data-testid=panel]").getBoundingClientRect().width, document.documentElement.clientWidth]');
    assert.equal(panel, viewport);

    // The app's Android bridge (looked up on every event, so it may come after the load).
    await page.script('window.sent = []; window.PatronAndroid = { postMessage: (s) => window.sent.push(JSON.parse(s).name) };');
    await page.call('open', 'points');
    await page.visible(byTestId('screen-points'), 'My points');
    await (await page.visible(byTestId('close'))).click();
    await page.eventually(() => page.script('return window.sent'), (s) => s.includes('navigate') && s.includes('close-request'), 'events on the bridge');
    const screen = await page.asyncScript(
      'const done = arguments[arguments.length - 1]; window.patron("on", "navigate", done); window.patron("open", "faq");');
    assert.equal(screen, 'faq');
    await page.visible(byTestId('screen-faq'), 'Help');
  },
}, {
  name: 'kiosk mode returns home after the idle time and keeps nothing',
  viewport: { width: 1080, height: 1400 },
  async run({ driver, urls }) {
    const page = new WidgetPage(driver, urls);
    await page.goto({ mode: 'kiosk', idle: '2', locale: 'en' });
    await page.attribute(byTestId('panel'), 'data-mode', 'kiosk');
    assert.equal((await driver.findElements(byTestId('close'))).length, 0);
    for (const id of ['start-over', ...Object.keys(MODULES).map((m) => `module-${m}`)]) {
      const { width, height } = await (await page.visible(byTestId(id))).getRect();
      assert.ok(width >= 48 && height >= 48, `${id} is ${width}x${height}`);
    }

    await (await page.visible(byTestId('module-points'))).click();
    await page.visible(byTestId('screen-points'), 'My points');
    // Nobody touches the kiosk: it goes back to the start for the next shopper.
    await page.asyncScript('window.patron("on", "idle-reset", arguments[arguments.length - 1]);');
    await page.visible(byTestId('home'), 'the home screen');
    await page.gone(byTestId('screen-points'), 'My points');
    assert.deepEqual(await page.script('return Object.keys(localStorage)'), []);
  },
}];
