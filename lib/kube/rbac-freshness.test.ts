import { describe, expect, it } from 'vitest';
import { rbacChanged, rbacWatchVersion, setRbacKindLive } from './rbac-freshness';

describe('RBAC freshness from the watches', () => {
  it('vouches only while all four RBAC kinds are watched, and moves on every change', () => {
    expect(rbacWatchVersion()).toBeUndefined();
    for (const k of ['roles', 'clusterroles', 'rolebindings']) setRbacKindLive(k, true);
    expect(rbacWatchVersion()).toBeUndefined();
    setRbacKindLive('clusterrolebindings', true);
    const v = rbacWatchVersion();
    expect(v).toBeTypeOf('number');
    rbacChanged();
    expect(rbacWatchVersion()).not.toBe(v);
    const w = rbacWatchVersion();
    setRbacKindLive('roles', false);
    expect(rbacWatchVersion()).toBeUndefined();
    setRbacKindLive('roles', true);
    // A watch that dropped and came back may have missed changes: the old count no longer vouches.
    expect(rbacWatchVersion()).not.toBe(w);
  });
});
