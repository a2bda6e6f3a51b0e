// Page objects and helpers of the console's browser tests. The demo owner's credentials come
// from the server's start-up line (e2e/run.mjs passes them on); every other user is made by
// the demo owner through the console's own API.
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { PATRON_URL } from '../support.mjs';

export const CONSOLE = `${PATRON_URL}/console/`;
export const OWNER = {
  site: process.env.CONSOLE_SITE ?? 'demo',
  email: process.env.CONSOLE_EMAIL ?? 'owner@demo.patron.example',
  password: process.env.CONSOLE_PASSWORD ?? 'demo-console-password',
};
export const AGENT = { site: OWNER.site, email: 'agent@e2e.example', password: 'agent-password-e2e', role: 'agent' };
export const VIEWER = { site: OWNER.site, email: 'viewer@e2e.example', password: 'viewer-password-e2e', role: 'viewer' };

/** The screens and their navigation labels (English: the tests sign in with `en`). */
export const SCREENS = [
  { path: '', nav: 'Overview', heading: 'Overview' },
  { path: 'feedback', nav: 'Feedback', heading: 'Feedback' },
  { path: 'contacts', nav: 'Contacts', heading: 'Contact requests' },
  { path: 'library', nav: 'Help library', heading: 'Help library' },
  { path: 'guides', nav: 'Guides', heading: 'Guides' },
  { path: 'members', nav: 'Members & rewards', heading: 'Members & rewards' },
  { path: 'users', nav: 'Users', heading: 'Users', owner: true },
  { path: 'audit', nav: 'Audit log', heading: 'Audit log', owner: true },
];

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's violations on the page, one line each (an empty list passes). */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Moves the focus with the Tab key alone until `locator` has it: what a keyboard user does.
 * Fails if it is not reached within `max` presses.
 */
export async function tabTo(page, locator, max = 250) {
  await expect(locator).toBeVisible();
  for (let i = 0; i < max; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${locator}`);
}

/** Tabs to a control and activates it with the keyboard (Enter, or Space for checkboxes). */
export async function press(page, locator, key = 'Enter') {
  await tabTo(page, locator);
  await page.keyboard.press(key);
}

/** Tabs to a text field, clears it and types. */
export async function typeInto(page, locator, text) {
  await tabTo(page, locator);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** The console in a browser tab. */
export class Console {
  constructor(page) {
    this.page = page;
    this.nav = page.getByRole('navigation', { name: 'Console sections' });
    this.main = page.locator('main');
  }

  /** Opens the sign-in page in English and signs in with the keyboard alone. */
  async signIn(user = OWNER) {
    const { page } = this;
    await page.goto(`${CONSOLE}sign-in`);
    await page.getByLabel(/语言|Language/).selectOption('en');
    await typeInto(page, page.getByLabel('Site'), user.site);
    await typeInto(page, page.getByLabel('Email'), user.email);
    await typeInto(page, page.getByLabel('Password'), user.password);
    await page.keyboard.press('Enter');
    // The account may remember another language: these tests read English.
    await expect(page.locator('nav.pc-nav')).toBeVisible();
    await page.locator('header').getByRole('combobox').selectOption('en');
    await expect(this.nav).toBeVisible();
  }

  /** Opens a screen from the navigation, by keyboard. */
  async open(screen) {
    await press(this.page, this.nav.getByRole('link', { name: screen.nav, exact: true }));
    await expect(this.page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
    await expect(this.page.getByText('Loading…')).toHaveCount(0);
  }

  async signOut() {
    await press(this.page, this.page.getByRole('button', { name: 'Sign out' }));
    await expect(this.page.getByRole('heading', { name: 'Sign in to Patron Console' })).toBeVisible();
  }

  /** A metric card of the overview by its label. */
  card(label) {
    return this.page.getByTestId('metric').filter({ has: this.page.getByRole('heading', { name: label, exact: true }) });
  }
}

/** The owner's API session (cookie and CSRF token) in `request`. */
export async function apiSignIn(request, user = OWNER) {
  const res = await request.post(`${PATRON_URL}/v1/console/session`, {
    data: { site: user.site, email: user.email, password: user.password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).csrf_token;
}

/** Makes the agent and the viewer (once; a second run finds them there). */
export async function ensureUsers(request) {
  const csrf = await apiSignIn(request);
  for (const user of [AGENT, VIEWER]) {
    const res = await request.post(`${PATRON_URL}/v1/console/sites/${OWNER.site}/users`, {
      headers: { 'x-csrf-token': csrf },
      data: { email: user.email, role: user.role, password: user.password },
    });
    expect([200, 201, 409, 422], await res.text()).toContain(res.status());
  }
}

/** Tabs to a `<select>` and moves through its options with the arrow keys until `label`. */
export async function choose(page, select, label) {
  await tabTo(page, select);
  for (let i = 0; i < 12; i += 1) {
    const current = await select.evaluate((el) => el.options[el.selectedIndex]?.text.trim());
    if (current === label) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${label} is not an option of ${select}`);
}
