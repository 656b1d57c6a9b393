import { describe, expect, it } from 'vitest';
import { isActiveLink, navLinks, visibleNavLinks } from './nav-links';

describe('isActiveLink', () => {
  it('marks exactly one section for each page, subpages under their section', () => {
    const active = (path: string) => navLinks.filter((l) => isActiveLink(l.href, path)).map((l) => l.label);
    expect(active('/')).toEqual(['Overview']);
    expect(active('/tokens')).toEqual(['Tokens']);
    expect(active('/serviceaccounts/default/service-account-pod-viewer')).toEqual(['ServiceAccounts']);
    expect(active('/scenarios/token-request')).toEqual(['Scenarios']);
    expect(active('/rbac')).toEqual(['RBAC']);
    expect(active('/signin')).toEqual([]);
    expect(active('/tokensmith')).toEqual([]);
    expect(active('/clusters')).toEqual(['Clusters']);
  });

  it('leaves Clusters out of shared mode', () => {
    expect(visibleNavLinks(true).map((l) => l.label)).toContain('Clusters');
    expect(visibleNavLinks(false).map((l) => l.label)).toEqual([
      'Overview',
      'Tokens',
      'Scenarios',
      'ServiceAccounts',
      'RBAC',
    ]);
  });
});
