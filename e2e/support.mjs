// Page objects shared by the specs.
import { expect } from '@playwright/test';

export const PATRON_URL = process.env.PATRON_URL;
export const SHOP_URL = process.env.SHOP_URL;
/** A retailer's own site (e2e/host-site.mjs): pages of e2e/hosts/, another site than Patron. */
export const HOST_URL = process.env.HOST_URL;

export const MODULES = ['faq', 'onboarding', 'survey', 'points'];
export const NAMES = {
  'zh-CN': { faq: '帮助中心', onboarding: '新手指南', survey: '意见反馈', points: '我的积分' },
  'zh-TW': { faq: '幫助中心', onboarding: '新手指南', survey: '意見回饋', points: '我的積分' },
  en: { faq: 'Help', onboarding: 'Getting started', survey: 'Feedback', points: 'My points' },
};

/** The demo shop, or a page of the host site, with the Patron loader as a customer sees it. */
export class Shop {
  constructor(page) {
    this.page = page;
    this.launcher = page.locator('patron-widget button');
    this.iframe = page.locator('patron-widget iframe');
    this.widget = page.frameLocator('patron-widget iframe');
    this.panel = this.widget.getByTestId('panel');
  }

  /** Opens the demo shop, or another page (a URL), and waits for the launcher. */
  async goto(url = '/') {
    const response = await this.page.goto(url);
    await expect(this.launcher).toBeVisible();
    return response;
  }

  async open() {
    await this.launcher.click();
    await expect(this.widget.getByTestId('home')).toBeVisible();
  }

  moduleButton(module) {
    return this.widget.getByTestId(`module-${module}`);
  }

  async call(...args) {
    await this.page.evaluate((a) => window.patron(...a), args);
  }
}

/** "My points" inside the widget: the member's view, rewards, the receipt and the history. */
export class PointsScreen {
  constructor(widget) {
    this.widget = widget;
    this.member = widget.getByTestId('points-member');
    this.receipt = widget.getByTestId('points-rewards').locator('.pt-points__receipt');
    this.receiptCode = this.receipt.getByTestId('points-coupon-code');
    this.entries = widget.getByTestId('points-entry');
  }

  /** Redeems `reward` through its confirm step and waits for the receipt. */
  async redeem(reward) {
    const item = this.widget.locator(`[data-testid="points-reward"][data-reward="${reward}"]`);
    await item.getByRole('button', { name: 'Redeem' }).click();
    await this.widget.getByTestId('points-confirm-redeem').click();
    await expect(this.widget.getByTestId('points-redeemed')).toBeVisible();
  }
}

/** The loader's tour on the host page: the spotlight and the step's bubble. */
export class Tour {
  constructor(page) {
    this.host = page.locator('patron-tour');
    this.spot = this.host.locator('.spot');
    this.bubble = this.host.locator('.bubble');
  }
}

/**
 * Chromium launch options under which the widget's iframe has storage of its own: Chromium's
 * default, third-party storage partitioned by the top-level site (since Chromium 115).
 * Playwright turns the partitioning off (ThirdPartyStoragePartitioning in its
 * `--disable-features`), and Chromium then denies a cross-site iframe its storage: that is how
 * the rest of the suite runs, the shop's storage keeping the widget's unsent answers. A later
 * `--disable-features` replaces Playwright's whole list, so this one repeats the rest of it
 * (Playwright 1.65).
 */
export function partitionedStorage(launchOptions) {
  const disabled = [
    'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
    'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
    'AvoidCorsURLLoaderRestartOnRedirect', 'OptimizationHints', 'NetworkTimeServiceQuerying',
    'AimEnabled', 'PreconnectToSearch',
  ];
  return { ...launchOptions, args: [...launchOptions.args, `--disable-features=${disabled.join(',')}`] };
}

/** The widget page opened directly (page mode in a webview, kiosk mode on a kiosk). */
export function widgetUrl(params) {
  return `${PATRON_URL}/widget/?${new URLSearchParams({ site: 'demo', ...params })}`;
}

// Surveys, seen through the admin API and the shop page.

// `--demo` gives the demo site this admin key (content/demo/site.yaml holds only its hash).
export const ADMIN = { authorization: 'Bearer demo-admin-key' };

/** The report's `all` row for `survey`, over what happened since `from` (unix ms). */
export async function reportRow(request, from, survey) {
  const res = await request.get(`${PATRON_URL}/v1/admin/sites/demo/reports/surveys?from=${from}`, { headers: ADMIN });
  expect(res.ok()).toBeTruthy();
  const { rows } = await res.json();
  return rows.find((r) => r.survey_id === survey && r.dimension === 'all') ?? { displays: 0, responses: 0 };
}

/** The report's rows for `survey` in `dimension` (`reason`, `variant`, …) since `from`. */
export async function reportRows(request, from, survey, dimension) {
  const res = await request.get(`${PATRON_URL}/v1/admin/sites/demo/reports/surveys?from=${from}`, { headers: ADMIN });
  expect(res.ok()).toBeTruthy();
  const { rows } = await res.json();
  return rows.filter((r) => r.survey_id === survey && r.dimension === dimension);
}

/** The detractor alerts (event names) queued since `from`. */
export async function alertsSince(request, from) {
  const res = await request.get(`${PATRON_URL}/v1/admin/sites/demo/surveys/deliveries?limit=100`, { headers: ADMIN });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).deliveries.filter((d) => d.created_at >= from).map((d) => d.event).sort();
}

/** Runs `act` and returns what the eligibility request it causes answered (`survey` or null). */
export async function eligibility(page, act) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/surveys/eligibility'));
  await act();
  return (await (await answered).json()).survey;
}

export const addToCart = (page) => page.getByRole('button', { name: /加入购物车/ }).click();

/**
 * The demo shop in English with the CSAT survey due: the customer added to cart, and the card
 * is shown. Returns the shop and the card.
 */
export async function dueCsatSurvey(page) {
  const shop = new Shop(page);
  await shop.goto();
  await shop.call('boot', { locale: 'en' });
  expect((await eligibility(page, () => addToCart(page))).id).toBe('csat-shopping');
  const card = shop.widget.getByTestId('survey');
  await expect(card).toBeVisible();
  return { shop, card };
}
