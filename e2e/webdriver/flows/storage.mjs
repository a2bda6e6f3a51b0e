// What each engine lets the widget's third-party iframe (Patron on 127.0.0.1 inside the shop
// on localhost) keep, and the loader's fallback to the shop's own storage, which Patron relies
// on either way. The observed behaviour is asserted so that a browser update that changes it
// is noticed (README: "Storage in each engine").
import assert from 'node:assert/strict';
import { probeStorage, readProbe, summarise } from '../../storage-probe.mjs';
import { Shop } from '../pages.mjs';

/** Observed with Debian's firefox-esr 153 and WebKitGTK 2.50 (MiniBrowser, automation mode). */
export const OBSERVED = {
  firefox: { localStorage: 'usable', sessionStorage: 'usable', storageAccess: false, partitioned: true, keptAcrossLoads: true },
  webkit: { localStorage: 'usable', sessionStorage: 'usable', storageAccess: false, partitioned: true, keptAcrossLoads: true },
};

const PROBE = `(${probeStorage})(arguments[0]).then(arguments[arguments.length - 1])`;
const READ = `return (${readProbe})()`;

export default [{
  name: 'storage: what the third-party iframe may keep, and the loader keeping the device id on the shop',
  async run({ driver, engine, urls }) {
    const marker = `probe-${Date.now()}`;
    const shop = new Shop(driver, urls);
    await shop.goto();
    await shop.open();
    // In embed mode the widget keeps nothing of its own: the device id comes from the loader.
    const [device, ownKeys] = await shop.script('return [new URLSearchParams(location.search).get("device"), Object.keys(localStorage)]');
    const seen = await shop.asyncScript(PROBE, marker);
    await shop.onPage();
    assert.match(device, /^[0-9a-f-]{36}_\d+$/);
    assert.equal(await shop.storage('patronDevice'), device);
    assert.deepEqual(ownKeys, []);

    // Patron's own origin, top level (as page mode in an app): does it see the iframe's write?
    await driver.get(`${urls.patron}/widget/?site=demo&mode=page`);
    const topLevel = await shop.script(READ);
    // The shop again: does the iframe find its write after a page load?
    await shop.goto();
    await shop.open();
    const again = await shop.script(READ);

    const observed = summarise(seen, marker, topLevel, again);
    console.log(`# ${engine.name} third-party iframe storage: ${JSON.stringify(observed)}`);
    assert.deepEqual(observed, OBSERVED[engine.id]);
  },
}];
