// Minifies the wasm-bindgen JS glue of a built site (Trunk's own JS minifier cannot parse
// its ES module and leaves it as is), gives the module's imports short names in the glue and
// the wasm alike (scripts/short-import-names.mjs), and updates both files' integrity hashes
// in index.html.
// Usage: node scripts/minify-glue.mjs DIST
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { shortenImportNames } from './short-import-names.mjs';

const dist = process.argv[2] ?? 'dist';
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const indexPath = join(dist, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const name of readdirSync(dist).filter((f) => /^kubeplay-web-.*\.js$/.test(f))) {
  const path = join(dist, name);
  const source = readFileSync(path, 'utf8');
  const { code: minified } = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
  const wasmPath = path.replace(/\.js$/, '_bg.wasm');
  const wasmBefore = readFileSync(wasmPath);
  const module = minified.match(/"(\.\/[\w-]+_bg\.js)"/)[1];
  const short = shortenImportNames(wasmBefore, minified, module);
  const code = short.glue;
  replaceIntegrity(source, code, name);
  replaceIntegrity(wasmBefore, short.wasm, wasmPath);
  writeFileSync(path, code);
  writeFileSync(wasmPath, short.wasm);
  console.log(`minify-glue: ${name} ${source.length} -> ${code.length} bytes`);
  console.log(`minify-glue: ${short.renamed} imports renamed, wasm ${wasmBefore.length} -> ${short.wasm.length} bytes`);
}
writeFileSync(indexPath, index);

/** Replaces the integrity hash of `before` (the file `name`) in index.html by that of `after`. */
function replaceIntegrity(before, after, name) {
  const hash = sri(before);
  if (!index.includes(hash)) {
    throw new Error(`minify-glue: ${indexPath} has no integrity ${hash} for ${name}`);
  }
  index = index.replace(hash, sri(after));
}
