// How Tokenscope is served: methods no route answers get problem JSON (and no stack trace in the
// log), and given a certificate and key it serves HTTPS with Secure, __Host- cookies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { sidePort } from '../playwright.config';
import { serverLogPath } from './global-setup';
import { startNext } from '../scripts/lib/next.mjs';
import { e2eState } from './support/state';

/** The HTTPS server's port, beside the other specs' side ports. */
const tlsPort = sidePort(6);

function send(
  url: string,
  method: string,
  opts: { ca?: Buffer } = {},
): Promise<{ status: number; type: string; body: string }> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, { method, ca: opts.ca }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('TRACE and other methods no route answers get a 4xx with problem JSON, and no stack trace in the log', async () => {
  const { url } = e2eState();
  const logStart = statSync(serverLogPath).size;
  for (const path of [
    '/',
    '/tokens',
    '/api/tokens',
    '/api/healthz',
    '/api/events',
    '/api/tokens/tok_AAAAAAAAAAAAAAAAAAAAAAAA/reveal',
  ]) {
    for (const method of ['TRACE', 'PROPFIND', 'MKCOL']) {
      const res = await send(`${url}${path}`, method);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.type, `${method} ${path}`).toBe('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid:request', status: 405 });
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  const log = readFileSync(serverLogPath, 'utf8').slice(logStart);
  expect(log).not.toMatch(/\n\s+at /);
  expect(log).not.toMatch(/Error/);
});

test('serves HTTPS when given a certificate and key: Secure __Host- session cookie, HSTS, no plain HTTP', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'tokenscope-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  const server = await startNext({
    port: tlsPort,
    env: { KUBECONFIG: e2eState().cluster.kubeconfig, TOKENSCOPE_TLS_CERT: cert, TOKENSCOPE_TLS_KEY: key },
    onOutput: () => {},
  });
  try {
    expect(server.url).toBe(`https://127.0.0.1:${tlsPort}`);
    // The certificate made above is the one served (checked against it as the CA, name included).
    expect((await send(`${server.url}/api/healthz`, 'GET', { ca: readFileSync(cert) })).status).toBe(200);
    // Nothing answers in clear on that port.
    await expect(send(`http://127.0.0.1:${tlsPort}/api/healthz`, 'GET')).rejects.toThrow();

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['strict-transport-security']).toMatch(/max-age=/);
    await expect(page.getByTestId('cluster-card')).toBeVisible();
    // A mutating call from the https page passes the origin check and gets the TLS cookie.
    const minted = await page.evaluate(async () => {
      const r = await fetch('/api/tokens', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Tokenscope-Request': '1' },
        body: JSON.stringify({ namespace: 'default', serviceAccount: 'default' }),
      });
      return r.status;
    });
    expect(minted).toBe(201);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual(['__Host-tokenscope-sid']);
    expect(cookies[0]).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    await context.close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
