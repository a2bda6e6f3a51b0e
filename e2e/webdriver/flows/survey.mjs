// A CSAT survey on the demo shop, answered online, and answered while Patron cannot be
// reached. WebDriver classic has no way to take a page offline in these engines, so the proxy
// cuts the survey endpoints off (connections dropped, as when the network goes away).
import assert from 'node:assert/strict';
import { Shop, allByRole, byTestId } from '../pages.mjs';
import { OBSERVED } from './storage.mjs';

const ELIGIBILITY = (e) => e.path.endsWith('/surveys/eligibility');
const ANSWERS = /\/surveys\/(responses|follow-ups)$/;
const OWN_OUTBOX = 'patron.survey-outbox.demo'; // the widget's own key (src/survey/outbox.rs)

/** Adds the kettle to the cart (the shop calls patron('track', 'add_to_cart')); returns the survey the server said is due. */
async function addToCart(shop, proxy) {
  const asked = proxy.next(ELIGIBILITY);
  await shop.onPage();
  await (await shop.role('button', /加入购物车/)).click();
  return (await asked).body.survey;
}

/** A new visitor on the shop, in English, adds to the cart: the CSAT survey shows. */
async function surveyDue(driver, urls, proxy) {
  const shop = new Shop(driver, urls);
  await shop.goto();
  await shop.call('boot', { locale: 'en' });
  assert.equal((await addToCart(shop, proxy)).id, 'csat-shopping');
  await shop.inWidget();
  await shop.visible(byTestId('screen-survey'), 'the Feedback screen');
  return { shop, card: await shop.visible(byTestId('survey'), 'the survey card') };
}

export default [{
  name: 'a survey the shop triggers is answered with a comment, and not asked again',
  async run({ driver, urls, proxy, api }) {
    const from = Date.now();
    const { shop, card } = await surveyDue(driver, urls, proxy);

    const group = await shop.role('radiogroup', 'How satisfied are you with shopping at Mingjia Home today?', card);
    const options = await allByRole(group, 'radio');
    assert.equal(options.length, 5);
    assert.match(await options[0].getText(), /Very dissatisfied/);
    await options[1].click();
    await shop.text(byTestId('survey'), "We're sorry. What went wrong?");
    await (await shop.visible(byTestId('survey-comment'))).sendKeys('The lid was hard to find.');
    await (await shop.visible(byTestId('survey-send'))).click();
    await shop.text(byTestId('survey-thanks'), 'Thank you for your feedback!');

    await shop.eventually(async () => (await api.surveyRow(from, 'csat-shopping')).responses, 1, 'responses stored');
    const row = await api.surveyRow(from, 'csat-shopping');
    assert.equal(row.detractors, 1);
    assert.equal(row.csat_mean, 2);
    // Done: the panel the survey opened closes again, and the same device is not asked again.
    await shop.eventually(() => shop.panelOpen(), false, 'the panel closed');
    assert.equal(await addToCart(shop, proxy), null);
  },
}, {
  name: 'a survey answered while Patron is unreachable is kept, survives a reload and is sent once Patron is back',
  async run({ driver, engine, urls, proxy, api }) {
    const from = Date.now();
    const { shop } = await surveyDue(driver, urls, proxy);

    proxy.cut(ANSWERS);
    await (await shop.visible(byTestId('survey-score-1'))).click();
    await (await shop.visible(byTestId('survey-comment'))).sendKeys('Offline, and still not lost.');
    await (await shop.visible(byTestId('survey-send'))).click();
    await shop.visible(byTestId('survey-thanks'));
    // The customer is told it waits, and may try again.
    await shop.visible(byTestId('survey-waiting'));
    await shop.visible(byTestId('survey-retry'));
    // Kept before any attempt: in the iframe's own storage where the engine gives it some
    // (storage.mjs), the shop keeping only a flag that answers wait; else in the shop's.
    const framed = OBSERVED[engine.id].localStorage === 'usable';
    const inFrame = async () => { await shop.inWidget(); return shop.script(`return localStorage.getItem('${OWN_OUTBOX}')`); };
    const kept = framed ? inFrame : () => shop.storage('patronOutbox');
    // The comment whole: what was typed went to the comment box, not elsewhere.
    await shop.eventually(kept, (v) => /response:/.test(v) && /follow-up:/.test(v) && v?.includes('Offline, and still not lost.'),
      'the answer and its comment kept');
    if (framed) assert.equal(await shop.storage('patronOutbox'), '[]');
    assert.ok(proxy.exchanges.some((e) => ANSWERS.test(e.path) && e.status === 0), 'a send was attempted and cut');

    // A reload while still cut off: the loader finds that answers wait and starts the widget,
    // which tries at once.
    const before = proxy.exchanges.length;
    await shop.goto();
    await shop.eventually(kept, (v) => /response:/.test(v), 'the answer still kept after the reload');
    await shop.eventually(() => proxy.exchanges.slice(before).some((e) => ANSWERS.test(e.path) && e.status === 0), true, 'a send after the reload');

    // Patron is reachable again: the widget's retry sends the answer, then the comment.
    const stored = proxy.next((e) => e.path.endsWith('/surveys/responses') && e.status === 201, 30_000);
    proxy.restore();
    await stored;
    await shop.eventually(kept, (v) => !v, 'the answer no longer kept', 30_000);
    assert.equal(await shop.storage('patronOutbox'), null);
    const row = await api.surveyRow(from, 'csat-shopping');
    assert.equal(row.responses, 1);
    assert.equal(row.detractors, 1);
  },
}];
