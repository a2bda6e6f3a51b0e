// Trunk post_build hook: minify public/embed.js into the build output as embed.js.
// Terser is a devDependency in package.json; scripts/setup installs it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const out = process.env.TRUNK_STAGING_DIR;
if (!out) throw new Error('TRUNK_STAGING_DIR is not set: run this through `trunk build`');
const source = await readFile('public/embed.js', 'utf8');
const { code } = await minify(source, {
  ecma: 2020,
  compress: { passes: 3, unsafe: true, unsafe_arrows: true, ecma: 2020 },
  mangle: true,
  format: { comments: false, ecma: 2020 },
});
await writeFile(join(out, 'embed.js'), code);
console.log(`embed.js: ${source.length} -> ${code.length} bytes`);
