// The widget embedded on the demo shop (localhost) from Patron (127.0.0.1): two sites, as a
// retailer's shop and Patron are in production.
import assert from 'node:assert/strict';
import { By, Shop, byTestId } from '../pages.mjs';

const MODULES = { faq: '帮助中心', onboarding: '新手指南', survey: '意见反馈', points: '我的积分' };

export default [{
  name: 'embed on a cross-site shop: open, search Help in Chinese, read an article, close',
  async run({ driver, urls }) {
    assert.notEqual(new URL(urls.shop).hostname, new URL(urls.patron).hostname);
    const shop = new Shop(driver, urls);
    await shop.goto();
    const launcher = await shop.launcher();
    assert.equal(await launcher.getAccessibleName(), '客户服务');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');

    await shop.call('boot', { locale: 'zh-CN' });
    await shop.open();
    assert.equal(await shop.script('return location.origin'), urls.patron);
    await shop.text(By.css('h1'), '明家生活');
    for (const [module, name] of Object.entries(MODULES)) await shop.text(byTestId(`module-${module}`), name);

    await (await shop.visible(byTestId('module-faq'))).click();
    await shop.visible(byTestId('faq-browse'), 'Help');
    // Typed key by key, as a customer would (the engines' WebDriver typing of Chinese).
    await (await shop.visible(byTestId('faq-search'))).sendKeys('怎么退货');
    const first = await shop.visible(byTestId('faq-result'), 'a search result');
    const title = await shop.text(By.css('[data-testid="faq-result"] .pt-result__title'), '退');
    // Matched terms are marked.
    await shop.visible(By.css('[data-testid="faq-results"] mark'), 'a marked term');
    await first.click();
    const article = await shop.visible(byTestId('faq-article'), 'the article');
    await shop.text(byTestId('faq-article'), title.trim());
    await shop.visible(By.css('p'), 'a paragraph of the article', article);
    assert.equal((await article.findElements(By.css('script'))).length, 0);

    await (await shop.visible(byTestId('close'))).click();
    await shop.onPage();
    await shop.eventually(() => shop.panelOpen(), false, 'the panel closed');
    assert.equal(await (await shop.launcher()).getAttribute('aria-expanded'), 'false');
  },
}];
