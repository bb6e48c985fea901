// Minifies the wasm-bindgen JS glue of a built site (Trunk's own JS minifier cannot parse
// its ES module and leaves it as is) and updates the file's integrity hash in index.html.
// Usage: node scripts/minify-glue.mjs DIST
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const indexPath = join(dist, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const name of readdirSync(dist).filter((f) => /^kubeplay-web-.*\.js$/.test(f))) {
  const path = join(dist, name);
  const source = readFileSync(path, 'utf8');
  const { code } = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
  const before = sri(source);
  if (!index.includes(before)) {
    throw new Error(`minify-glue: ${indexPath} has no integrity ${before} for ${name}`);
  }
  writeFileSync(path, code);
  index = index.replace(before, sri(code));
  console.log(`minify-glue: ${name} ${source.length} -> ${code.length} bytes`);
}
writeFileSync(indexPath, index);
