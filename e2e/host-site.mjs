// A retailer's own site for the e2e suite: the pages in e2e/hosts/, served on a site of their
// own (http://localhost:<port>) while Patron is on http://127.0.0.1:<port>, with Patron's origin
// filled in for {{PATRON_ORIGIN}}. A page may come with the response headers a retailer would
// send (`HEADERS` below), such as a strict Content-Security-Policy.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const dir = new URL('hosts/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Extra response headers per page, given Patron's origin. */
const HEADERS = {
  // A strict and common policy: no inline script or style at all; scripts and frames from the
  // page's own origin and Patron's only (README, "On a shop with a strict
  // Content-Security-Policy").
  'strict-csp.html': (patron) => ({
    'content-security-policy':
      `default-src 'self'; script-src 'self' ${patron}; style-src 'self'; frame-src ${patron}`,
  }),
  // The other common strict policy: scripts and styles only with the page's nonce, and what
  // those scripts load ('strict-dynamic').
  'nonce-csp.html': (patron) => ({
    'content-security-policy':
      `default-src 'self'; script-src 'nonce-e2e' 'strict-dynamic'; style-src 'nonce-e2e'; frame-src ${patron}`,
  }),
};

/**
 * Starts the site on a free port. Returns its origin, `setPatron(origin)` (pages are served
 * only once it is known) and `close()`.
 */
export async function startHostSite() {
  let patron;
  const server = createServer(async (req, res) => {
    const name = new URL(req.url, 'http://host').pathname.slice(1);
    // Only plain file names in e2e/hosts/: nothing else of the disk is served.
    if (!patron || !/^[\w-]+\.(html|js)$/.test(name)) return res.writeHead(404).end();
    let body;
    try {
      body = await readFile(join(dir, name), 'utf8');
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(name)],
      'cache-control': 'no-cache',
      ...HEADERS[name]?.(patron),
    });
    res.end(body.replaceAll('{{PATRON_ORIGIN}}', patron));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    // `localhost`, not 127.0.0.1: another site than Patron's, as a retailer's shop is.
    origin: `http://localhost:${server.address().port}`,
    setPatron: (origin) => { patron = origin; },
    close: () => server.close(),
  };
}
