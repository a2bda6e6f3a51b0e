// Page objects and waiting for the WebDriver suite (the Playwright suite's are e2e/support.mjs).
// Everything waits by polling the browser (`eventually`), never by sleeping.
import { isDeepStrictEqual } from 'node:util';
import webdriver from 'selenium-webdriver';

export const { By, Key } = webdriver;

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

const TRANSIENT = new Set(['NoSuchElementError', 'StaleElementReferenceError', 'NoSuchShadowRootError']);

/** Not there yet: a missing or replaced element, or a script that ran in the blank document a
 * frame shows while it (re)loads, which Firefox answers with SecurityError (seen when a reload
 * raced a read of the iframe's storage). */
const transient = (e) => TRANSIENT.has(e.name)
  || (e.name === 'JavascriptError' && /SecurityError|operation is insecure/.test(e.message));

/**
 * Polls `read()` until `test` accepts its value (a predicate, or a value compared deeply) and
 * returns that value; on time-out fails naming `what` and the last value seen. Elements that
 * are not there yet, or were replaced while being read, count as "not yet".
 */
export async function eventually(driver, read, test, what, timeout = 10_000) {
  const accept = typeof test === 'function' ? test : (v) => isDeepStrictEqual(v, test);
  let last;
  let lastError;
  try {
    await driver.wait(async () => {
      try {
        last = await read();
        lastError = undefined;
        return accept(last);
      } catch (e) {
        if (!transient(e)) throw e;
        lastError = e;
        return false;
      }
    }, timeout);
    return last;
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    const seen = lastError ? `${lastError.name}: ${lastError.message.split('\n')[0]}` : JSON.stringify(last);
    const wanted = typeof test === 'function' ? '' : ` (wanted ${JSON.stringify(test)})`;
    throw new Error(`${what}: still ${seen} after ${timeout} ms${wanted}`);
  }
}

/** The first displayed element `locator` finds in `scope`, or null. */
export async function displayed(scope, locator) {
  for (const el of await scope.findElements(locator)) if (await el.isDisplayed()) return el;
  return null;
}

// Elements that have each role implicitly; `byRole` then filters by the engine's own
// accessible name (WebDriver's Get Computed Label), as getByRole does in Playwright.
const ROLES = {
  button: 'button,[role=button]',
  radio: '[role=radio],input[type=radio]',
  radiogroup: '[role=radiogroup]',
  heading: 'h1,h2,h3,h4,h5,h6,[role=heading]',
  dialog: 'dialog,[role=dialog]',
  link: 'a[href],[role=link]',
  searchbox: 'input[type=search],[role=searchbox]',
};

/** The displayed elements in `scope` with `role` whose accessible name is `name` (or matches it). */
export async function allByRole(scope, role, name) {
  const found = [];
  for (const el of await scope.findElements(By.css(ROLES[role]))) {
    if (!(await el.isDisplayed())) continue;
    if (name !== undefined) {
      const label = (await el.getAccessibleName()).trim();
      if (typeof name === 'string' ? label !== name : !name.test(label)) continue;
    }
    found.push(el);
  }
  return found;
}

export class Page {
  constructor(driver) {
    this.driver = driver;
  }

  /** Waits for a displayed element and returns it. */
  visible(locator, what = String(locator), scope = this.driver, timeout) {
    return eventually(this.driver, () => displayed(scope, locator), Boolean, `${what} visible`, timeout);
  }

  role(role, name, scope = this.driver) {
    return eventually(this.driver, async () => (await allByRole(scope, role, name))[0], Boolean, `${role} "${name}"`);
  }

  /** Waits until nothing `locator` finds is displayed. */
  gone(locator, what = String(locator), scope = this.driver, timeout) {
    return eventually(this.driver, async () => !(await displayed(scope, locator)), true, `${what} gone`, timeout);
  }

  /**
   * Waits until the displayed element's text contains `text` (string or RegExp); returns it.
   * The DOM's textContent, as Playwright's toContainText reads it: WebKitWebDriver's Get
   * Element Text answers "" for the panel's one-line, ellipsised title.
   */
  async text(locator, text, scope = this.driver) {
    const has = (t) => (typeof text === 'string' ? t.includes(text) : text.test(t));
    const read = async () => (await displayed(scope, locator))?.getProperty('textContent');
    return eventually(this.driver, read, (t) => t != null && has(t), `text of ${locator}`);
  }

  attribute(locator, name, value, scope = this.driver) {
    return eventually(this.driver, async () => (await scope.findElement(locator)).getAttribute(name), value, `${name} of ${locator}`);
  }

  /**
   * Waits for the home screen as a new visitor gets it. The welcome guide's suggestion comes
   * after the home screen and pushes the module tiles down: a click on a tile before it
   * arrives lands on the tile above, or on one being replaced (no click at all).
   */
  async home() {
    await this.visible(byTestId('home'), 'the home screen');
    await this.visible(byTestId('guide-suggestion'), 'the welcome guide suggested (a first visit)');
  }

  eventually(read, test, what, timeout) {
    return eventually(this.driver, read, test, what, timeout);
  }

  script(source, ...args) {
    return this.driver.executeScript(source, ...args);
  }

  /** Runs `source` as an async script: it calls `arguments[arguments.length - 1]` with its result. */
  asyncScript(source, ...args) {
    return this.driver.executeAsyncScript(source, ...args);
  }
}

/** The demo shop with the Patron loader: the launcher in its shadow root, the widget's iframe. */
export class Shop extends Page {
  constructor(driver, urls) {
    super(driver);
    this.urls = urls;
  }

  async goto() {
    await this.driver.switchTo().defaultContent();
    await this.driver.get(`${this.urls.shop}/`);
    await this.launcher();
  }

  /** The loader's shadow root (its host element has no box of its own: never "displayed"). */
  async shadow() {
    return (await this.driver.findElement(By.css('patron-widget'))).getShadowRoot();
  }

  async launcher() {
    await this.onPage();
    return eventually(this.driver, async () => displayed(await this.shadow(), By.css('button')), Boolean, 'the launcher');
  }

  async iframe() {
    await this.onPage();
    return (await this.shadow()).findElement(By.css('iframe'));
  }

  /** Whether the panel (the widget's iframe) shows. */
  async panelOpen() {
    await this.onPage();
    const frames = await (await this.shadow()).findElements(By.css('iframe'));
    return frames.length > 0 && frames[0].isDisplayed();
  }

  async onPage() {
    await this.driver.switchTo().defaultContent();
  }

  /** Switches into the widget's iframe (waiting for it), so that lookups find the widget. */
  async inWidget() {
    const frame = await eventually(this.driver, () => this.iframe(), Boolean, 'the widget\'s iframe');
    await this.driver.switchTo().frame(frame);
  }

  async open() {
    await (await this.launcher()).click();
    await this.inWidget();
    await this.home();
  }

  /** `window.patron(...args)` on the shop page. */
  async call(...args) {
    await this.onPage();
    await this.script('window.patron(...arguments)', ...args);
  }

  /** The shop page's own localStorage. */
  async storage(key) {
    await this.onPage();
    return this.script('return localStorage.getItem(arguments[0])', key);
  }
}

/** The widget page opened directly: page mode (an app's webview) or kiosk mode. */
export class WidgetPage extends Page {
  constructor(driver, urls) {
    super(driver);
    this.urls = urls;
  }

  async goto(params) {
    await this.driver.get(`${this.urls.patron}/widget/?${new URLSearchParams({ site: 'demo', ...params })}`);
    await this.home();
  }

  call(...args) {
    return this.script('window.patron(...arguments)', ...args);
  }
}
