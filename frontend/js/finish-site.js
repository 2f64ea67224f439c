// Finishes a built site folder (scripts/build-site.sh): names the wasm loader and the wasm by
// their content, writes pkg/hash.txt (what leptos' hydration scripts and caremap's static file
// handler read), and compresses every text file and the wasm ahead of time (`.br` at brotli's
// best, `.gz` at gzip's), so the server never compresses a static file per request.
//
//   node frontend/js/finish-site.js <site dir> <output name>
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const zlib = require("zlib");

const [site, name] = process.argv.slice(2);
if (!site || !name) {
  console.error("usage: node finish-site.js <site dir> <output name>");
  process.exit(2);
}
const pkg = path.join(site, "pkg");
const COMPRESSIBLE = new Set([".js", ".wasm", ".css", ".svg", ".json", ".html", ".txt", ".map"]);
const hash = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 16);

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

// Leftovers of earlier builds: hashed names and compressed copies.
for (const p of walk(site)) {
  const base = path.basename(p);
  if (p.endsWith(".br") || p.endsWith(".gz") || p === path.join(pkg, "hash.txt")) fs.unlinkSync(p);
  else if (path.dirname(p) === pkg && new RegExp(`^${name}\\.[0-9a-f]{16}\\.(js|wasm)$`).test(base)) {
    fs.unlinkSync(p);
  }
}

// The loader and the wasm under their content's hash (the names leptos derives from hash.txt).
const js = fs.readFileSync(path.join(pkg, `${name}.js`));
const wasm = fs.readFileSync(path.join(pkg, `${name}_bg.wasm`));
const jsHash = hash(js);
const wasmHash = hash(wasm);
fs.renameSync(path.join(pkg, `${name}.js`), path.join(pkg, `${name}.${jsHash}.js`));
fs.renameSync(path.join(pkg, `${name}_bg.wasm`), path.join(pkg, `${name}.${wasmHash}.wasm`));

// The site's version: every file's content, so that any change gives asset URLs a new `?v=`.
const all = crypto.createHash("sha256");
for (const p of walk(site).sort()) {
  all.update(path.relative(site, p));
  all.update(fs.readFileSync(p));
}
const siteHash = all.digest("hex").slice(0, 16);
fs.writeFileSync(path.join(pkg, "hash.txt"), `js: ${jsHash}\nwasm: ${wasmHash}\nsite: ${siteHash}\n`);

let files = 0;
for (const p of walk(site)) {
  if (!COMPRESSIBLE.has(path.extname(p))) continue;
  const bytes = fs.readFileSync(p);
  if (bytes.length < 256) continue;
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: 9 });
  // A compressed copy no smaller than the file is not worth a header.
  if (br.length < bytes.length) fs.writeFileSync(`${p}.br`, br);
  if (gz.length < bytes.length) fs.writeFileSync(`${p}.gz`, gz);
  files += 1;
}
console.log(
  `   ${name}.${wasmHash}.wasm: ${wasm.length} bytes, ` +
    `gzip ${zlib.gzipSync(wasm, { level: 9 }).length}, ` +
    `brotli ${fs.statSync(path.join(pkg, `${name}.${wasmHash}.wasm.br`)).size}; ` +
    `${files} files compressed; site version ${siteHash}`,
);
