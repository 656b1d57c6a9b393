import { createServer } from 'node:https';
import { describe, expect, it } from 'vitest';
import { fetchPublicJson, IssuerFetchError, refusedAddress, refusedUrl } from './issuer-fetch';

describe('refusedAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
  ])('refuses %s', (a) => {
    expect(refusedAddress(a)).toBeDefined();
  });
  it.each(['8.8.8.8', '151.101.1.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (a) => {
    expect(refusedAddress(a)).toBeUndefined();
  });
});

describe('refusedUrl', () => {
  it('refuses http, credentials, private literals and local names', () => {
    expect(refusedUrl(new URL('http://oidc.example.com'))).toContain('only https');
    expect(refusedUrl(new URL('https://u:p@oidc.example.com'))).toContain('credentials');
    expect(refusedUrl(new URL('https://127.0.0.1:6443'))).toContain('public addresses');
    expect(refusedUrl(new URL('https://[::1]/'))).toContain('public addresses');
    expect(refusedUrl(new URL('https://169.254.169.254/latest'))).toContain('public addresses');
    expect(refusedUrl(new URL('https://localhost/'))).toContain('local name');
    expect(refusedUrl(new URL('https://metadata.google.internal/'))).toContain('local name');
    expect(refusedUrl(new URL('https://oidc.eks.us-east-1.amazonaws.com/id/X'))).toBeUndefined();
  });
});

describe('fetchPublicJson', () => {
  it('never connects to a loopback server, named by address or by a name that resolves to it', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      await expect(
        fetchPublicJson(`https://127.0.0.1:${port}/.well-known/openid-configuration`),
      ).rejects.toThrow(IssuerFetchError);
      // localtest.me-style names are refused by the name rule; a resolver answer is checked in the lookup.
      await expect(fetchPublicJson(`https://localhost:${port}/`)).rejects.toThrow(/local name/);
      await expect(fetchPublicJson('http://example.com/')).rejects.toThrow(/only https/);
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });
});
