import { describe, expect, it } from 'vitest';
import { csrfRefusal } from './csrf';

const self = 'http://127.0.0.1:3000';
const served = [self, 'http://localhost:3000', 'https://tokenscope.example.com'];
const ok = { 'content-type': 'application/json', 'x-tokenscope-request': '1', origin: self, 'sec-fetch-site': 'same-origin' };

function check(headers: Record<string, string>, method = 'POST') {
  return csrfRefusal(new Headers(headers), method, served);
}

describe('csrfRefusal', () => {
  it('lets a same-origin JSON request with the header through', () => {
    expect(check(ok)).toBeNull();
    expect(check({ 'content-type': 'application/json; charset=utf-8', 'x-tokenscope-request': '1' })).toBeNull();
  });
  it('never checks safe methods', () => {
    expect(check({}, 'GET')).toBeNull();
  });
  it.each([
    ['missing header', { ...ok, 'x-tokenscope-request': '' }],
    ['cross-site Origin', { ...ok, origin: 'https://evil.example' }],
    ['rebinding Origin (same-origin as far as the browser knows)', { ...ok, origin: 'http://rebind.evil.example:3000' }],
    ['a served name on another port', { ...ok, origin: 'http://127.0.0.1:3001' }],
    ['a served name over another scheme', { ...ok, origin: 'http://tokenscope.example.com' }],
    ['Origin: null', { ...ok, origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { ...ok, 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { ...ok, 'sec-fetch-site': 'same-site' }],
    ['text/plain body', { ...ok, 'content-type': 'text/plain' }],
    ['form body', { ...ok, 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart body', { ...ok, 'content-type': 'multipart/form-data; boundary=x' }],
    ['no content type', { 'x-tokenscope-request': '1' }],
  ])('refuses %s', (_name, headers) => {
    expect(check(headers)).not.toBeNull();
  });
  it('lets every configured origin through', () => {
    for (const origin of served) expect(check({ ...ok, origin })).toBeNull();
  });
  it('refuses a DELETE from another origin', () => {
    expect(check({ 'x-tokenscope-request': '1', origin: 'https://evil.example' }, 'DELETE')).not.toBeNull();
    expect(check({ 'x-tokenscope-request': '1' }, 'DELETE')).toBeNull();
  });
});
