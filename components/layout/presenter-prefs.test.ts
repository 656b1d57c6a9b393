import { describe, expect, it } from 'vitest';
import { presenterCookie, presenterFrom, presenterUrl } from './presenter-prefs';

describe('presenter preference', () => {
  it('lets the URL win over the cookie', () => {
    expect(presenterFrom('1', undefined)).toBe(true);
    expect(presenterFrom('0', '1')).toBe(false);
    expect(presenterFrom(undefined, '1')).toBe(true);
    expect(presenterFrom(undefined, '0')).toBe(false);
    expect(presenterFrom('junk', undefined)).toBe(false);
  });

  it('writes a strict, non-secret cookie and removes it when off', () => {
    expect(presenterCookie(true, false)).toBe(
      'tokenscope-presenter=1; Path=/; SameSite=Strict; Max-Age=31536000',
    );
    expect(presenterCookie(false, true)).toBe(
      'tokenscope-presenter=0; Path=/; SameSite=Strict; Max-Age=0; Secure',
    );
  });

  it('sets or removes the parameter, keeping the rest', () => {
    expect(presenterUrl('http://h/scenarios/x?step=3#step-3', true)).toBe(
      '/scenarios/x?step=3&presenter=1#step-3',
    );
    expect(presenterUrl('http://h/scenarios/x?presenter=1&step=3', false)).toBe('/scenarios/x?step=3');
  });
});
