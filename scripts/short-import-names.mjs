// Gives the imports of a wasm-bindgen module short names, in the wasm's import section and in
// its JS glue alike. wasm-bindgen names each import after the JS it calls plus a 16-digit hash
// (`__wbg_addEventListener_f2d27251d333a631`); the names are written twice, once in each
// file, and the hashes do not compress, so for a page with ~200 imports they cost ~3 KB
// shipped. The renaming changes nothing else: the module and the glue still agree name for
// name, which the page's end-to-end tests exercise.

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function readUnsigned(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** The unsigned LEB128 bytes of `value`. */
function unsigned(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** Skips an import's description (after its two names) at `at`: the next offset. */
function skipImportDescription(bytes, at) {
  const kind = bytes[at++];
  const skipLimits = (p) => {
    const flags = bytes[p++];
    [, p] = readUnsigned(bytes, p);
    if (flags & 1) [, p] = readUnsigned(bytes, p);
    return p;
  };
  switch (kind) {
    case 0x00: return readUnsigned(bytes, at)[1]; // function: type index
    case 0x01: return skipLimits(at + 1); // table: element type, limits
    case 0x02: return skipLimits(at); // memory: limits
    case 0x03: return at + 2; // global: value type, mutability
    case 0x04: return readUnsigned(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`short-import-names: unknown import kind ${kind}`);
  }
}

/**
 * The n-th short name: a, b, ..., Z, aa, ab, ... (as object keys even `do` and `in` are
 * valid).
 */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return name;
}

const identifierChar = /[A-Za-z0-9_$]/;

/**
 * Renames every import of `module` in `wasm` (a Uint8Array) and the matching keys in `glue`
 * (the JS source); each name must occur exactly once in the glue, else nothing is renamed
 * and an error says which. Returns `{ wasm, glue, renamed }`.
 */
export function shortenImportNames(wasm, glue, module) {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let at = 8; // magic and version
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, contentStart] = readUnsigned(wasm, at + 1);
    const contentEnd = contentStart + size;
    if (id !== 2) {
      at = contentEnd;
      continue;
    }
    const [count, first] = readUnsigned(wasm, contentStart);
    const content = [...unsigned(count)];
    let glueOut = glue;
    let renamed = 0;
    let p = first;
    for (let i = 0; i < count; i += 1) {
      const [moduleLength, moduleStart] = readUnsigned(wasm, p);
      const moduleName = decoder.decode(wasm.subarray(moduleStart, moduleStart + moduleLength));
      const [fieldLength, fieldStart] = readUnsigned(wasm, moduleStart + moduleLength);
      const field = decoder.decode(wasm.subarray(fieldStart, fieldStart + fieldLength));
      const descriptionStart = fieldStart + fieldLength;
      p = skipImportDescription(wasm, descriptionStart);
      let newField = field;
      if (moduleName === module) {
        newField = shortName(renamed);
        renamed += 1;
        glueOut = replaceOnce(glueOut, field, newField);
      }
      const newFieldBytes = encoder.encode(newField);
      content.push(...unsigned(moduleLength), ...wasm.subarray(moduleStart, moduleStart + moduleLength));
      content.push(...unsigned(newFieldBytes.length), ...newFieldBytes);
      content.push(...wasm.subarray(descriptionStart, p));
    }
    if (p !== contentEnd) throw new Error('short-import-names: the import section did not parse to its end');
    const section = [2, ...unsigned(content.length), ...content];
    const out = new Uint8Array(at + section.length + (wasm.length - contentEnd));
    out.set(wasm.subarray(0, at), 0);
    out.set(section, at);
    out.set(wasm.subarray(contentEnd), at + section.length);
    return { wasm: out, glue: glueOut, renamed };
  }
  throw new Error('short-import-names: the module has no import section');
}

/** `text` with its only whole-identifier occurrence of `name` replaced by `replacement`. */
function replaceOnce(text, name, replacement) {
  let found = -1;
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = i > 0 ? text[i - 1] : '';
    const after = text[i + name.length] ?? '';
    if (identifierChar.test(before) || identifierChar.test(after)) continue;
    if (found >= 0) throw new Error(`short-import-names: ${name} occurs more than once in the glue`);
    found = i;
  }
  if (found < 0) throw new Error(`short-import-names: ${name} is not in the glue`);
  return text.slice(0, found) + replacement + text.slice(found + name.length);
}
