import { describe, expect, it } from 'vitest';
import {
  serviceAccountsChanged,
  serviceAccountsGeneration,
  setServiceAccountsLive,
} from './serviceaccount-freshness';

describe('ServiceAccount list freshness', () => {
  it('vouches for a list only while the watch is current as the same identity, until a change', () => {
    setServiceAccountsLive(false, 'dashboard|a');
    expect(serviceAccountsGeneration('dashboard|a')).toBeUndefined();
    setServiceAccountsLive(true, 'dashboard|a');
    const g = serviceAccountsGeneration('dashboard|a');
    expect(g).toBeTypeOf('number');
    expect(serviceAccountsGeneration('dashboard|a')).toBe(g);
    // Another identity, or a signed-in user's token, is never vouched for.
    expect(serviceAccountsGeneration('dashboard|b')).toBeUndefined();
    expect(serviceAccountsGeneration('token')).toBeUndefined();
    serviceAccountsChanged('dashboard|a');
    expect(serviceAccountsGeneration('dashboard|a')).not.toBe(g);
    // A watch that stops and comes back (a relist) also invalidates what was listed before.
    const before = serviceAccountsGeneration('dashboard|a');
    setServiceAccountsLive(false, 'dashboard|a');
    setServiceAccountsLive(true, 'dashboard|a');
    expect(serviceAccountsGeneration('dashboard|a')).not.toBe(before);
  });

  it('keeps each cluster’s watch apart: a change on one leaves the other’s lists current', () => {
    setServiceAccountsLive(true, 'context|one');
    setServiceAccountsLive(true, 'context|two');
    const one = serviceAccountsGeneration('context|one');
    const two = serviceAccountsGeneration('context|two');
    serviceAccountsChanged('context|two');
    expect(serviceAccountsGeneration('context|one')).toBe(one);
    expect(serviceAccountsGeneration('context|two')).not.toBe(two);
    setServiceAccountsLive(false, 'context|two');
    expect(serviceAccountsGeneration('context|two')).toBeUndefined();
    expect(serviceAccountsGeneration('context|one')).toBe(one);
  });
});
