// Trunk post_build hook: builds the widget's wasm split into a first-open module and one chunk
// per lazily loaded screen, and links it into index.html.
//
// Why not Trunk's own Rust pipeline: splitting must happen on the raw module, before
// wasm-bindgen, and Trunk 0.21 runs wasm-bindgen itself with no step in between
// (trunk-rs/trunk#1022). So this hook runs the same tools Trunk would, in this order:
//   cargo build (profile `widget`, relocations kept: .cargo/config.toml)
//   -> wasm-split-cli (main module + `split_*.wasm` chunks + `__wasm_split.js` chunk loader)
//   -> wasm-bindgen --target web (JS glue for the main module)
//   -> wasm-opt -Oz on every module, terser on the JS
// and writes everything into `app-<hash>/` in the build output. One hash for the whole set,
// because the glue and the chunk loader import each other (a per-file hash would be circular);
// the server treats the folder as content-hashed and serves it with immutable caching.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { minify } from 'terser';

import { dropExports, renameExports, renameImports, shortName } from './wasm-names.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this through `trunk build`');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? '/';
const release = process.env.TRUNK_PROFILE === 'release';
// PATRON_WASM_BIN names the app (the widget by default, `patron-console` for the console, whose
// release builds use its own profile).
const name = process.env.PATRON_WASM_BIN ?? 'patron-widget';
const widget = name === 'patron-widget';
const profile = release ? (widget ? 'widget' : 'console') : 'dev';
const target = 'wasm32-unknown-unknown';
const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
const work = join(targetDir, widget ? 'patron-wasm' : `${name}-wasm`);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

// Panic messages carry their source file's path, and a dependency's path starts with
// `$CARGO_HOME/registry/src/<registry>/`: dropped, it no longer costs the customer's download
// (about 60 bytes a file) nor differs between machines (the standard library's paths, already
// `/rustc/<commit>/…` in its metadata, are out of reach). The relocations are for wasm-split-cli
// (as in .cargo/config.toml, which this replaces for the build).
const registries = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'registry', 'src');
const remaps = (await readdir(registries).catch(() => []))
  .map((index) => `--remap-path-prefix=${join(registries, index)}/=`);
// The release build's stack is 256 KiB instead of the default 1 MiB: the widget's deepest
// render needs a small fraction of it, and every page of linear memory counts towards the memory
// an open panel takes (the stack comes first in memory, so an overflow traps, never corrupts).
const stack = release && widget ? ['-C', 'link-args=-zstack-size=262144'] : [];
// `erase_components` (a Leptos cfg) type-erases each element's attributes and children: one
// copy of the rendering code serves every view instead of one per view type, about a third
// less code in the module chunks (whole widget -34 KB of brotli), same DOM, same behaviour.
const erase = ['--cfg', 'erase_components'];
// The release widget is built with its own copy of the standard library, compiled for size and
// with `-C panic=immediate-abort`: a panic traps at once instead of formatting a message (the
// browser cannot recover from either, and the message only ever reached the developer console),
// so the panic and formatting machinery that every `unwrap`, index and slice carries in the
// precompiled std is gone: first open -13.4 KB, whole widget -15 KB of brotli (issue 17).
// Both are unstable options of the stable toolchain, which RUSTC_BOOTSTRAP allows for this one
// build; they need the `rust-src` component (scripts/setup adds it). Debug builds keep the
// precompiled std and readable panics (console_error_panic_hook).
const sizeStd = release && widget;
const buildStd = sizeStd
  ? ['-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size'] : [];
const abort = sizeStd ? ['-Zunstable-options', '-Cpanic=immediate-abort'] : [];
// PATRON_EXTRA_RUSTFLAGS: more rustc flags (space-separated), for trying what a flag saves.
const rustflags = ['-C', 'link-args=--emit-relocs', ...erase, ...stack, ...abort, ...remaps,
  ...(process.env.PATRON_EXTRA_RUSTFLAGS ? process.env.PATRON_EXTRA_RUSTFLAGS.split(' ') : [])]
  .join('\x1f');
run('cargo', ['build', ...buildStd, '--profile', profile, '--target', target, '--bin', name],
  { CARGO_ENCODED_RUSTFLAGS: rustflags, ...(sizeStd ? { RUSTC_BOOTSTRAP: '1' } : {}) });
const rawWasm = join(targetDir, target, profile === 'dev' ? 'debug' : profile, `${name}.wasm`);

await rm(work, { recursive: true, force: true });
const split = join(work, 'split');
const bound = join(work, 'bound');
run('wasm-split-cli', [rawWasm, split, '--out-name', name]);
run('wasm-bindgen', [join(split, `${name}.wasm`), '--out-dir', bound, '--target', 'web',
  '--weak-refs', '--no-typescript',
  // The chunks import the main module's function table, which wasm-bindgen would otherwise drop.
  '--keep-lld-exports']);

// Leptos links server_fn, whose streams support (wasm-streams) exports three classes to JS. A
// client-side widget never uses them, but an export keeps its code in the first-open module:
// dropped here, with the classes in the glue (terser then removes them as unused).
const streams = /^(__wbg_)?intounderlying/;
const boundWasm = join(bound, `${name}_bg.wasm`);
let wasmBytes = dropExports(await readFile(boundWasm), (e) => streams.test(e));
const boundGlue = join(bound, `${name}.js`);
let glue = (await readFile(boundGlue, 'utf8'))
  .replace(/^export class (IntoUnderlying\w+)/gm, 'class $1')
  .replace(/: new FinalizationRegistry\(ptr => wasm\.__wbg_intounderlying/g,
    ': /*@__PURE__*/ new FinalizationRegistry(ptr => wasm.__wbg_intounderlying');

// Short names for the glue's imports (`./patron-widget_bg.js` / `__wbg_requestAnimationFrame_
// 9ba49d36a19ca83c` becomes `w` / `q`) and for the closure shims it calls: the wasm and the glue
// both spell each name out, and their hashes do not compress (about 3 KB of brotli).
const wbg = `./${name}_bg.js`;
const imports = new Map();
wasmBytes = renameImports(wasmBytes, (module, label) => {
  if (module !== wbg) return [module, label];
  if (!imports.has(label)) imports.set(label, shortName(imports.size));
  return ['w', imports.get(label)];
});
const shims = new Map();
wasmBytes = renameExports(wasmBytes, (label) => {
  // `wasm_bindgen__convert__closures…`, or with the crate's hash after `wasm_bindgen` when the
  // standard library is built with the widget (as in release builds).
  if (!/^wasm_bindgen(_[0-9a-f]{16}_)?__convert__closures/.test(label)) return label;
  shims.set(label, `c${shortName(shims.size)}`);
  return shims.get(label);
});
const rewrite = (pattern, to, what) => {
  if (!pattern.test(glue)) throw new Error(`the JS glue has no ${what}`);
  glue = glue.replace(pattern, to);
};
for (const [from, to] of imports) rewrite(new RegExp(`^(\\s+)${from}: function`, 'm'), `$1${to}: function`, `import ${from}`);
rewrite(new RegExp(`"${wbg.replace(/[.]/g, '\\.')}": import0`), '"w": import0', `import object for ${wbg}`);
for (const [from, to] of shims) rewrite(new RegExp(`wasm\\.${from}\\b`, 'g'), `wasm.${to}`, `call of ${from}`);
await writeFile(boundWasm, wasmBytes);
await writeFile(boundGlue, glue);

// Which files each split needs, for the size report: its own module and the shared chunks the
// chunk loader fetches with it (`__wasm_split_load_<split>`'s dependencies).
const loader = await readFile(join(split, '__wasm_split.js'), 'utf8');
const manifest = {};
for (const [, splitName, deps] of loader.matchAll(
  /export const __wasm_split_load_(\w+) = [\s\S]*?\(\s*"\.\/(?:split_\w+)\.wasm"[\s\S]*?\n, \[([^\]]*)\]\)\);/g)) {
  manifest[splitName] = [`split_${splitName}.wasm`,
    ...deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => `${d.replace(/^__/, '')}.wasm`)];
}
if (Object.keys(manifest).length === 0) throw new Error('no split found in __wasm_split.js');

// name in the output folder -> bytes
const files = new Map();
// Safe for Rust's wasm: nothing lives below address 1024 (the stack starts at 1 MiB). Only the
// main module may assume zeroed memory: chunks are instantiated into memory already in use.
const optimise = async (from, to, { main = false } = {}) => {
  if (release) {
    const out = join(work, to);
    // The producers and target-features sections are for tools, not browsers: 300 bytes a
    // module that every customer would download.
    const flags = ['-Oz', '--converge', '--low-memory-unused', '--strip-producers',
      '--strip-target-features', ...(main ? ['--zero-filled-memory'] : [])];
    run('wasm-opt', [from, ...flags, '--output', out]);
    files.set(to, await readFile(out));
  } else {
    files.set(to, await readFile(from));
  }
};
const minifyJs = async (from, to) => {
  const source = await readFile(from, 'utf8');
  const code = release
    ? (await minify(source, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true,
      format: { comments: false } })).code
    : source;
  files.set(to, Buffer.from(code));
};

await optimise(join(bound, `${name}_bg.wasm`), `${name}_bg.wasm`, { main: true });
files.set('splits.json', Buffer.from(JSON.stringify(manifest)));
await minifyJs(join(bound, `${name}.js`), `${name}.js`);
await minifyJs(join(split, '__wasm_split.js'), '__wasm_split.js');
// `split_<name>.wasm` is one screen's own code; `chunk_<n>.wasm` holds code that several
// screens share (and the first-open module does not), fetched before the first of them.
for (const file of await readdir(split)) {
  if (/^(split|chunk)_.*\.wasm$/.test(file)) await optimise(join(split, file), file);
}

const hash = createHash('sha256');
for (const key of [...files.keys()].sort()) hash.update(key).update(files.get(key));
const folder = `app-${hash.digest('hex').slice(0, 16)}`;
await mkdir(join(staging, folder), { recursive: true });
for (const [file, bytes] of files) await writeFile(join(staging, folder, file), bytes);

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const glueUrl = `${publicUrl}${folder}/${name}.js`;
const wasmUrl = `${publicUrl}${folder}/${name}_bg.wasm`;
const links =
  `<link rel=modulepreload href="${glueUrl}" crossorigin integrity="${sri(files.get(`${name}.js`))}">` +
  `<link rel=preload href="${wasmUrl}" as=fetch type=application/wasm crossorigin ` +
  `integrity="${sri(files.get(`${name}_bg.wasm`))}">` +
  `<script type=module>import init from '${glueUrl}';await init({module_or_path:'${wasmUrl}'})</script>`;
const indexPath = join(staging, 'index.html');
const index = await readFile(indexPath, 'utf8');
if (!index.includes('</head>')) throw new Error('index.html has no </head> to link the widget into');
// Trunk leaves the skipped `<link data-trunk rel=rust data-trunk-skip>` in its output.
const linked = index.replace(/<link[^>]*data-trunk-skip[^>]*>/, '').replace('</head>', `${links}</head>`);
await writeFile(indexPath, linked);

for (const [file, bytes] of [...files].sort()) console.log(`${folder}/${file}: ${bytes.length} bytes`);
