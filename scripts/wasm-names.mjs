// Binary edits of a wasm module's import and export names, used by build-wasm.mjs: dropping
// exports (wasm-opt then drops the code only they kept alive) and shortening names (the wasm and
// its JS glue both spell each one out).

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString('utf8'), start + length];
}

function name(text) {
  const utf8 = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(leb(utf8.length)), utf8]);
}

/** Where the limits of a table or memory import end. */
function skipLimits(bytes, at) {
  const flags = bytes[at];
  let p = readLeb(bytes, at + 1)[1];
  if (flags & 1) p = readLeb(bytes, p)[1];
  return p;
}

/** Where an import's description (after its kind byte at `at`) ends. */
function skipImportDesc(bytes, at) {
  switch (bytes[at]) {
    case 0: return readLeb(bytes, at + 1)[1]; // function: type index
    case 1: return skipLimits(bytes, at + 2); // table: element type, limits
    case 2: return skipLimits(bytes, at + 1); // memory: limits
    case 3: return at + 3; // global: value type, mutability
    case 4: return readLeb(bytes, at + 2)[1]; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${bytes[at]}`);
  }
}

/**
 * Rewrites section `id`'s entries: `entry(bytes, at)` reads the entry at `at` and returns
 * `[replacement bytes or null to drop it, where it ends]`.
 */
function rewriteSection(bytes, id, entry) {
  const parts = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    if (bytes[at] !== id) {
      parts.push(bytes.subarray(at, end));
    } else {
      let [count, p] = readLeb(bytes, body);
      const kept = [];
      for (; count > 0; count -= 1) {
        const [replacement, next] = entry(bytes, p);
        if (replacement) kept.push(replacement);
        p = next;
      }
      const content = Buffer.concat([Buffer.from(leb(kept.length)), ...kept]);
      parts.push(Buffer.from([id, ...leb(content.length)]), content);
    }
    at = end;
  }
  return Buffer.concat(parts);
}

/**
 * `bytes` (a wasm module) with its exports renamed by `rename(name)` (a new name, the same
 * name, or null to drop the export).
 */
export function renameExports(bytes, rename) {
  return rewriteSection(bytes, 7, (b, at) => {
    const [label, desc] = readName(b, at);
    const end = readLeb(b, desc + 1)[1];
    const to = rename(label);
    return [to === null ? null : Buffer.concat([name(to), b.subarray(desc, end)]), end];
  });
}

/** `bytes` without the exports whose names `drop` accepts. */
export function dropExports(bytes, drop) {
  return renameExports(bytes, (label) => (drop(label) ? null : label));
}

/**
 * `bytes` with each import renamed by `rename(module, name)`, which returns `[module, name]`.
 */
export function renameImports(bytes, rename) {
  return rewriteSection(bytes, 2, (b, at) => {
    const [module, field] = readName(b, at);
    const [label, desc] = readName(b, field);
    const end = skipImportDesc(b, desc);
    const [toModule, toName] = rename(module, label);
    return [Buffer.concat([name(toModule), name(toName), b.subarray(desc, end)]), end];
  });
}

/** Short distinct names: a, b, …, z, A, …, Z, aa, ab, … */
export function shortName(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  let n = index;
  do {
    out = letters[n % letters.length] + out;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return out;
}
