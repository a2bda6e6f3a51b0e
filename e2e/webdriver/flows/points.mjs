// Signing in on the shop (its sample member buttons) and seeing one's points in the widget.
import assert from 'node:assert/strict';
import { By, Shop, byTestId } from '../pages.mjs';

export default [{
  name: 'a member signs in with the shop\'s sample member buttons and sees their points',
  async run({ driver, urls }) {
    const shop = new Shop(driver, urls);
    await shop.goto();
    await shop.call('boot', { locale: 'zh-CN' });
    await shop.open();
    await (await shop.visible(byTestId('module-points'))).click();
    await shop.visible(byTestId('points-signed-out'), 'the signed-out offer');
    await (await shop.visible(byTestId('points-sign-in'))).click();

    // The shop's handler of `login-requested` moved focus to its sign-in choices.
    await shop.onPage();
    const first = await shop.visible(By.css('#shop-members button'), 'the sample members');
    await shop.eventually(() => shop.script('return document.activeElement === arguments[0]', first), true, 'focus on the first sample member');
    await (await shop.visible(By.css('#shop-members button[data-member="demo-silver"]'))).click();
    await shop.text(By.css('#shop-who'), '陈银');

    // The widget picks the token up without a reload.
    await shop.inWidget();
    await shop.visible(byTestId('points-member'), 'the member view');
    await shop.attribute(byTestId('points-tier'), 'data-tier', 'silver');
    await shop.text(byTestId('points-tier'), '银卡');
    await shop.text(byTestId('points-progress-text'), '金卡');
    const balance = await shop.text(byTestId('points-balance'), /\d/);
    assert.ok(Number(balance.replace(/\D/g, '')) > 2000, `balance ${balance}`);
  },
}];
