// Trunk post_build hook: minify public/embed.js into the build output as embed.js, and the
// loader's lazily imported extensions public/embed/*.js (the panel and what it does only
// sometimes) as embed/*.js; copy the host API's declarations, public/embed.d.ts, as they are.
// Terser is a devDependency in package.json; scripts/setup installs it.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const out = process.env.TRUNK_STAGING_DIR;
if (!out) throw new Error('TRUNK_STAGING_DIR is not set: run this through `trunk build`');
const options = (module) => ({
  ecma: 2020,
  module,
  compress: { passes: 3, unsafe: true, unsafe_arrows: true, ecma: 2020 },
  mangle: true,
  format: { comments: false, ecma: 2020 },
});
const build = async (from, to, module) => {
  const source = await readFile(from, 'utf8');
  const { code } = await minify(source, options(module));
  await writeFile(join(out, to), code);
  console.log(`${to}: ${source.length} -> ${code.length} bytes`);
};

await build('public/embed.js', 'embed.js', false);
// Loader extensions: ES modules the loader imports only when a feature needs them (served
// as /embed/<name>.js).
await mkdir(join(out, 'embed'), { recursive: true });
for (const file of await readdir('public/embed')) {
  if (file.endsWith('.js')) await build(join('public/embed', file), join('embed', file), true);
}
await copyFile('public/embed.d.ts', join(out, 'embed.d.ts'));
