import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { root } from './cluster.mjs';
import { servePolicy } from './serve-policy.mjs';

const tls = { TOKENSCOPE_TLS_CERT: '/tls/cert.pem', TOKENSCOPE_TLS_KEY: '/tls/key.pem' };
const shared = { TOKENSCOPE_MODE: 'shared', TOKENSCOPE_PUBLIC_URL: 'https://tokenscope.example.com' };

describe('servePolicy', () => {
  it('serves loopback over plain HTTP in either mode', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      expect(servePolicy(host, {})).toEqual({ tls: null });
      expect(servePolicy(host, { TOKENSCOPE_MODE: 'shared' })).toEqual({ tls: null });
    }
  });
  it('serves HTTPS wherever it is given a certificate and key', () => {
    expect(servePolicy('127.0.0.1', tls)).toEqual({ tls: { cert: '/tls/cert.pem', key: '/tls/key.pem' } });
    expect(servePolicy('0.0.0.0', { ...shared, ...tls })).toEqual({ tls: { cert: '/tls/cert.pem', key: '/tls/key.pem' } });
  });
  it('serves plain HTTP beyond loopback only behind a declared TLS-terminating proxy', () => {
    expect(servePolicy('0.0.0.0', { ...shared, TOKENSCOPE_TRUST_PROXY: '1' })).toEqual({ tls: null });
  });
  it.each([
    ['local mode', '0.0.0.0', { ...tls }, /TOKENSCOPE_MODE=shared/],
    ['shared mode over plain HTTP', '0.0.0.0', { ...shared }, /TOKENSCOPE_TLS_CERT and TOKENSCOPE_TLS_KEY.*TOKENSCOPE_TRUST_PROXY=1/],
    ['a proxy flag that is not 1', '10.0.0.5', { ...shared, TOKENSCOPE_TRUST_PROXY: 'yes' }, /plain HTTP/],
    ['no public URL', '0.0.0.0', { TOKENSCOPE_MODE: 'shared', ...tls }, /TOKENSCOPE_PUBLIC_URL/],
    ['an http:// public URL', '0.0.0.0', { ...shared, ...tls, TOKENSCOPE_PUBLIC_URL: 'http://tokenscope.example.com' }, /not https/],
  ])('refuses to bind beyond loopback: %s', (_name, host, env, says) => {
    const decision = servePolicy(host, env);
    expect(decision.refusal).toMatch(says);
  });
  it.each([
    ['a certificate without a key', { TOKENSCOPE_TLS_CERT: '/tls/cert.pem' }],
    ['a key without a certificate', { TOKENSCOPE_TLS_KEY: '/tls/key.pem' }],
    ['a public URL that is not one', { TOKENSCOPE_PUBLIC_URL: 'tokenscope.example.com' }],
    ['a public URL of another scheme', { TOKENSCOPE_PUBLIC_URL: 'https://a.example, ftp://b.example' }],
  ])('refuses a half or wrong setting even on loopback: %s', (_name, env) => {
    expect(servePolicy('127.0.0.1', env).refusal).toBeTruthy();
  });
});

describe('npm start', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20_000 });
  it('refuses to serve shared mode beyond loopback over plain HTTP, and says what to set', () => {
    const r = start({ TOKENSCOPE_HOST: '0.0.0.0', PORT: '3309', TOKENSCOPE_MODE: 'shared', TOKENSCOPE_PUBLIC_URL: 'https://tokenscope.example.com' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/plain HTTP.*TOKENSCOPE_TLS_CERT and TOKENSCOPE_TLS_KEY.*TOKENSCOPE_TRUST_PROXY=1/);
  });
  it('refuses a missing certificate file before starting anything', () => {
    const r = start({ PORT: '3309', TOKENSCOPE_TLS_CERT: '/nonexistent/cert.pem', TOKENSCOPE_TLS_KEY: '/nonexistent/key.pem' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TLS file not found: \/nonexistent\/cert\.pem/);
  });
});
