import { afterEach, describe, expect, it } from 'vitest';
import { hostRefusal, secureRequest, servedHosts, servedOrigins } from './hosts';

const keys = ['PORT', 'TOKENSCOPE_PUBLIC_URL', 'TOKENSCOPE_TRUST_PROXY', 'TOKENSCOPE_TLS_CERT', 'TOKENSCOPE_TLS_KEY'];
const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of keys) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
function set(values: Record<string, string>) {
  for (const k of keys) delete process.env[k];
  Object.assign(process.env, values);
}
const refused = (host: string) => hostRefusal(new Headers(host ? { host } : {}));

describe('served hosts and origins', () => {
  it('serves the loopback names on the configured port (3000 by default)', () => {
    set({});
    expect(servedHosts()).toEqual(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']);
    expect(servedOrigins()).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000']);
    set({ PORT: '3301' });
    expect(refused('localhost:3301')).toBeNull();
    expect(refused('localhost:3000')?.status).toBe(421);
  });
  it('refuses a rebinding name, a missing Host and look-alikes with forbidden:host', () => {
    set({});
    for (const host of ['rebind.evil.example:3000', '', '127.0.0.1', 'localhost:3000.evil.example', 'evil.localhost:3000']) {
      expect(refused(host)).toMatchObject({ code: 'forbidden:host', status: 421 });
    }
  });
  it('accepts the bare name on the scheme default port', () => {
    set({ PORT: '443', TOKENSCOPE_TLS_CERT: 'c', TOKENSCOPE_TLS_KEY: 'k' });
    expect(refused('localhost')).toBeNull();
    expect(servedOrigins()).toContain('https://localhost');
  });
  it('adds the public URLs (their host for Host, their origin for Origin) and drops what is not a URL', () => {
    set({ TOKENSCOPE_PUBLIC_URL: 'https://Tokenscope.Example.com/, not a url, https://ts.example:8443/path, ftp://x.example' });
    expect(servedHosts().slice(3)).toEqual(['tokenscope.example.com', 'ts.example:8443']);
    expect(servedOrigins().slice(3)).toEqual(['https://tokenscope.example.com', 'https://ts.example:8443']);
    expect(refused('x.example')).not.toBeNull();
  });
});

describe('secureRequest', () => {
  const xfp = (value: string) => new Headers({ 'x-forwarded-proto': value });
  it('ignores X-Forwarded-Proto unless TOKENSCOPE_TRUST_PROXY=1', () => {
    set({});
    expect(secureRequest(xfp('https'))).toBe(false);
    set({ TOKENSCOPE_TRUST_PROXY: '1' });
    expect(secureRequest(xfp('https'))).toBe(true);
    expect(secureRequest(xfp('HTTPS, http'))).toBe(true);
    expect(secureRequest(xfp('http'))).toBe(false);
    expect(secureRequest(new Headers())).toBe(false);
  });
  it('is always true when Tokenscope serves TLS itself', () => {
    set({ TOKENSCOPE_TLS_CERT: 'c', TOKENSCOPE_TLS_KEY: 'k' });
    expect(secureRequest(xfp('http'))).toBe(true);
  });
});
