import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http, { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressStatic } from '../compress-static.mjs';
import { acceptsBrotli, createStaticBrotli, installStaticBrotli } from './static-brotli.cjs';

describe('acceptsBrotli', () => {
  it('reads the br coding and its q-value', () => {
    expect(acceptsBrotli('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsBrotli('BR;q=0.5')).toBe(true);
    expect(acceptsBrotli('gzip, br;q=0')).toBe(false);
    expect(acceptsBrotli('gzip, deflate')).toBe(false);
    expect(acceptsBrotli('brotli')).toBe(false);
    expect(acceptsBrotli(undefined)).toBe(false);
  });
});

describe('static brotli handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-brotli-'));
  const script = 'globalThis.x = "'.concat('tokenscope '.repeat(500), '";\n');
  let server: Server;
  let base: string;
  let nextAnswered = 0;

  beforeAll(async () => {
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'chunks', 'a.js'), script);
    writeFileSync(join(dir, 'chunks', 'b.css'), 'body{color:red}');
    writeFileSync(join(dir, 'chunks', 'stale.js'), script);
    writeFileSync(join(dir, 'chunks', 'plain.js'), script);
    const r = await compressStatic(dir);
    expect(r.files).toBe(4);
    rmSync(join(dir, 'chunks', 'plain.js.br'));
    // A .br older than its file (another build's) is never served.
    writeFileSync(join(dir, 'chunks', 'stale.js.br'), brotliCompressSync('old'));
    utimesSync(join(dir, 'chunks', 'stale.js.br'), new Date(1000), new Date(1000));
    writeFileSync(join(dir, 'secret.txt.br'), brotliCompressSync('not a build file'));
    const serve = createStaticBrotli(dir);
    server = createServer((req, res) => {
      if (serve(req, res)) return;
      nextAnswered++;
      res.end('next');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, encoding = 'gzip, deflate, br') =>
    fetch(`${base}${path}`, { headers: { 'accept-encoding': encoding } });

  it('serves a script brotli-compressed, with the headers Next would send', async () => {
    const res = await fetch(`${base}/_next/static/chunks/a.js`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=UTF-8');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    // fetch decodes br: the body is the file, and what crossed the wire is much smaller.
    expect(await res.text()).toBe(script);
    expect(Number(res.headers.get('content-length'))).toBeLessThan(script.length / 10);
  });

  it('decodes to the same bytes as the file, for style sheets too', async () => {
    const res = await get('/_next/static/chunks/b.css', 'br');
    expect(res.headers.get('content-type')).toBe('text/css; charset=UTF-8');
    expect(await res.text()).toBe('body{color:red}');
  });

  it('leaves to Next: clients without br, missing or stale .br files, other paths and methods', async () => {
    const before = nextAnswered;
    for (const [path, encoding] of [
      ['/_next/static/chunks/a.js', 'gzip, deflate'],
      ['/_next/static/chunks/a.js', 'gzip, br;q=0'],
      ['/_next/static/chunks/plain.js', 'br'],
      ['/_next/static/chunks/stale.js', 'br'],
      ['/_next/static/chunks/missing.js', 'br'],
      ['/_next/static/chunks/%61.js', 'br'],
      ['/_next/static/secret.txt', 'br'],
      ['/tokens', 'br'],
    ] as const) {
      const res = await get(path, encoding);
      expect(await res.text(), `${path} (${encoding})`).toBe('next');
    }
    const post = await fetch(`${base}/_next/static/chunks/a.js`, {
      method: 'POST',
      headers: { 'accept-encoding': 'br' },
    });
    expect(await post.text()).toBe('next');
    expect(nextAnswered - before).toBe(9);
  });

  it('in the container, wraps the servers of Next’s standalone server.js', async () => {
    const original = http.createServer;
    installStaticBrotli(dir);
    let wrapped: Server;
    try {
      wrapped = http.createServer((_req, res) => res.end('next'));
    } finally {
      http.createServer = original;
    }
    await new Promise<void>((r) => wrapped.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(wrapped.address() as AddressInfo).port}`;
    try {
      const br = await fetch(`${url}/_next/static/chunks/a.js`, { headers: { 'accept-encoding': 'br' } });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(await br.text()).toBe(script);
      const page = await fetch(`${url}/`, { headers: { 'accept-encoding': 'br' } });
      expect(await page.text()).toBe('next');
    } finally {
      wrapped.close();
    }
  });
});
