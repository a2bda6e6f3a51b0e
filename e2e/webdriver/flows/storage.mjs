// What each engine lets the widget's third-party iframe (Patron on 127.0.0.1 inside the shop
// on localhost) keep, and the loader's fallback to the shop's own storage, which Patron relies
// on either way. The observed behaviour is asserted so that a browser update that changes it
// is noticed (README: "Storage in each engine").
import assert from 'node:assert/strict';
import { Shop } from '../pages.mjs';

/** Observed with Debian's firefox-esr 153 and WebKitGTK 2.50 (MiniBrowser, automation mode). */
export const OBSERVED = {
  firefox: { localStorage: 'usable', sessionStorage: 'usable', storageAccess: false, partitioned: true, keptAcrossLoads: true },
  webkit: { localStorage: 'usable', sessionStorage: 'usable', storageAccess: false, partitioned: true, keptAcrossLoads: true },
};

// Runs in the iframe: can it write and read each storage, and does the browser say it has
// access to its unpartitioned storage?
const PROBE = `
  const [marker, done] = arguments;
  const attempt = (storage) => {
    try {
      window[storage].setItem('patronProbe', marker);
      return window[storage].getItem('patronProbe') === marker ? 'usable' : 'ignored';
    } catch (e) {
      return 'refused (' + e.name + ')';
    }
  };
  const result = { localStorage: attempt('localStorage'), sessionStorage: attempt('sessionStorage') };
  (document.hasStorageAccess ? document.hasStorageAccess() : Promise.resolve('no API'))
    .then((a) => done({ ...result, storageAccess: a }), (e) => done({ ...result, storageAccess: e.name }));`;

const readMarker = 'try { return localStorage.getItem("patronProbe"); } catch (e) { return "refused"; }';

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
    const topLevel = await shop.script(readMarker);
    // The shop again: does the iframe find its write after a page load?
    await shop.goto();
    await shop.open();
    const again = await shop.script(readMarker);

    const observed = {
      ...seen,
      partitioned: seen.localStorage === 'usable' ? topLevel !== marker : 'n/a',
      keptAcrossLoads: again === marker,
    };
    console.log(`# ${engine.name} third-party iframe storage: ${JSON.stringify(observed)}`);
    assert.deepEqual(observed, OBSERVED[engine.id]);
  },
}];
