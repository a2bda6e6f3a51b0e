// Shared by the Playwright and WebDriver suites: what a browser lets the widget's third-party
// iframe keep. Runs in the page it is given to, so it must stay self-contained.

/** Can the frame write and read each storage, and does the browser say it has access to its
 * unpartitioned storage? Leaves `marker` under `patronProbe` in both storages. */
export async function probeStorage(marker) {
  const attempt = (storage) => {
    try {
      window[storage].setItem('patronProbe', marker);
      return window[storage].getItem('patronProbe') === marker ? 'usable' : 'ignored';
    } catch (e) {
      return `refused (${e.name})`;
    }
  };
  const result = { localStorage: attempt('localStorage'), sessionStorage: attempt('sessionStorage') };
  try {
    result.storageAccess = document.hasStorageAccess ? await document.hasStorageAccess() : 'no API';
  } catch (e) {
    result.storageAccess = e.name;
  }
  return result;
}

/** The `patronProbe` this page's localStorage holds (null if none; "refused" if denied). */
export function readProbe() {
  try {
    return localStorage.getItem('patronProbe');
  } catch (e) {
    return 'refused';
  }
}

/**
 * What was observed, from the iframe's `probeStorage` answer, what Patron's origin read at top
 * level afterwards (`topLevel`) and what the iframe read again after a page load (`again`).
 */
export function summarise(seen, marker, topLevel, again) {
  return {
    ...seen,
    partitioned: seen.localStorage === 'usable' ? topLevel !== marker : 'n/a',
    keptAcrossLoads: again === marker,
  };
}
