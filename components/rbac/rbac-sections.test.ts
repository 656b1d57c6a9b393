import { describe, expect, it } from 'vitest';
import { currentRbacSection, rbacSections } from './rbac-sections';

describe('currentRbacSection', () => {
  it('marks /rbac on the RBAC root', () => {
    expect(currentRbacSection('/rbac')).toBe('/rbac');
  });
  it('marks nothing outside the RBAC area or without a path', () => {
    expect(currentRbacSection('/tokens')).toBeUndefined();
    expect(currentRbacSection('/rbacx')).toBeUndefined();
    expect(currentRbacSection(null)).toBeUndefined();
  });
  it('prefers the longest matching section', () => {
    const [longest] = [...rbacSections].sort((a, b) => b.href.length - a.href.length);
    expect(currentRbacSection(`${longest?.href}/x`)).toBe(longest?.href);
  });
  it('every section lives under /rbac, once', () => {
    const hrefs = rbacSections.map((s) => s.href);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    for (const h of hrefs) expect(h === '/rbac' || h.startsWith('/rbac/')).toBe(true);
  });
});
