// Prints the console's download sizes (raw and brotli at the server's quality): the first load
// (page, JS glue, main wasm, CSS) and each screen's chunk with the shared chunks it fetches.
// For information: the console has no budget (the widget's is size-budget.toml).
//   node scripts/console-size.mjs [dist/console]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/console';
const app = readdirSync(dir).find((f) => /^app-[0-9a-f]+$/.test(f));
if (!app) throw new Error(`${dir}: no app-<hash>/ folder: build the console first`);
const size = (file) => {
  const raw = readFileSync(join(dir, file));
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  return { raw: raw.length, br: br.length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const css = readdirSync(dir).filter((f) => f.endsWith('.css'));
const first = ['index.html', ...css, `${app}/patron-console.js`, `${app}/__wasm_split.js`, `${app}/patron-console_bg.wasm`];
const sum = (files) => files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, br: a.br + b.br }), { raw: 0, br: 0 });
const firstLoad = sum(first);
console.log(`console first load (sign-in and shell): ${kb(firstLoad.raw)} raw, ${kb(firstLoad.br)} brotli`);
const splits = JSON.parse(readFileSync(join(dir, app, 'splits.json'), 'utf8'));
for (const [screen, files] of Object.entries(splits).sort()) {
  const s = sum(files.map((f) => `${app}/${f}`));
  console.log(`  screen ${screen.padEnd(10)} ${kb(s.raw).padStart(9)} raw, ${kb(s.br).padStart(8)} brotli (${files.length} files)`);
}
