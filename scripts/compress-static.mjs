// After `next build`: writes NAME.br (brotli, quality 11) beside every script and style sheet of
// .next/static, which scripts/lib/static-brotli.cjs serves to browsers that accept br. Run by
// `npm run build`, buildNext (scripts/lib/next.mjs: bench, e2e) and deploy/Dockerfile.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const compress = promisify(brotliCompress);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (/\.(js|css)$/.test(entry.name)) yield p;
  }
}

/** Compresses every .js and .css under `staticDir`; resolves to counts and byte totals. */
export async function compressStatic(staticDir) {
  const todo = [...files(staticDir)];
  let raw = 0;
  let brotli = 0;
  // Two at a time: zlib's work runs on the thread pool, and build machines here have 2 cores.
  const worker = async () => {
    for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
      const source = readFileSync(file);
      const out = await compress(source, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size,
        },
      });
      writeFileSync(`${file}.br`, out);
      raw += source.length;
      brotli += out.length;
    }
  };
  const count = todo.length;
  await Promise.all([worker(), worker()]);
  return { files: count, raw, brotli };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(
    process.argv[2] ?? join(fileURLToPath(new URL('..', import.meta.url)), '.next', 'static'),
  );
  const t = Date.now();
  const r = await compressStatic(dir);
  console.log(
    `compress-static: ${r.files} files, ${(r.raw / 1024).toFixed(0)} kB -> ${(r.brotli / 1024).toFixed(0)} kB brotli in ${Date.now() - t} ms`,
  );
}
