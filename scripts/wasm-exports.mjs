// Removes exports from a wasm module (a binary edit of its export section), so that wasm-opt
// can then drop the code only they kept alive. Used by build-wasm.mjs.

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

/** `bytes` (a wasm module) without the exports whose names `drop` accepts; the names dropped. */
export function dropExports(bytes, drop) {
  const dropped = [];
  const parts = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    if (id !== 7) {
      parts.push(bytes.subarray(at, end));
    } else {
      let [count, p] = readLeb(bytes, body);
      const kept = [];
      for (; count > 0; count -= 1) {
        const start = p;
        const [length, name] = readLeb(bytes, p);
        const label = Buffer.from(bytes.subarray(name, name + length)).toString('utf8');
        p = readLeb(bytes, name + length + 1)[1];
        if (drop(label)) dropped.push(label);
        else kept.push(bytes.subarray(start, p));
      }
      const content = Buffer.concat([Buffer.from(leb(kept.length)), ...kept]);
      parts.push(Buffer.from([7, ...leb(content.length)]), content);
    }
    at = end;
  }
  return { bytes: Buffer.concat(parts), dropped };
}
