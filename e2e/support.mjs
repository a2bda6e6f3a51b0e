// Page objects shared by the specs.
import { expect } from '@playwright/test';

export const PATRON_URL = process.env.PATRON_URL;
export const SHOP_URL = process.env.SHOP_URL;

export const MODULES = ['faq', 'onboarding', 'survey', 'points'];
export const NAMES = {
  'zh-CN': { faq: '帮助中心', onboarding: '新手指南', survey: '意见反馈', points: '我的积分' },
  'zh-TW': { faq: '幫助中心', onboarding: '新手指南', survey: '意見回饋', points: '我的積分' },
  en: { faq: 'Help', onboarding: 'Getting started', survey: 'Feedback', points: 'My points' },
};

/** The demo shop with the Patron loader, as a retailer's customer sees it. */
export class Shop {
  constructor(page) {
    this.page = page;
    this.launcher = page.locator('patron-widget button');
    this.iframe = page.locator('patron-widget iframe');
    this.widget = page.frameLocator('patron-widget iframe');
    this.panel = this.widget.getByTestId('panel');
  }

  async goto() {
    await this.page.goto('/');
    await expect(this.launcher).toBeVisible();
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

/** The widget page opened directly (page mode in a webview, kiosk mode on a kiosk). */
export function widgetUrl(params) {
  return `${PATRON_URL}/widget/?${new URLSearchParams({ site: 'demo', ...params })}`;
}
