import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentRbacSection, rbacSections } from './rbac-sections';

/** Every page and not-found body under app/rbac, relative to the repository. */
function rbacViews(dir = 'app/rbac'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return rbacViews(p);
    return e.name === 'page.tsx' || e.name === 'not-found.tsx' ? [p] : [];
  });
}

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
    const longest = [...rbacSections].sort((a, b) => b.href.length - a.href.length)[0]?.href ?? '';
    expect(currentRbacSection(`${longest}/x`)).toBe(longest);
  });
  it('marks who-can on its page and Bindings on binding and role pages', () => {
    expect(currentRbacSection('/rbac/who-can')).toBe('/rbac/who-can');
    expect(currentRbacSection('/rbac/bindings/_cluster/x')).toBe('/rbac');
    expect(currentRbacSection('/rbac/roles/default/x')).toBe('/rbac');
  });
  it('every section lives under /rbac, once', () => {
    const hrefs = rbacSections.map((s) => s.href);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    for (const h of hrefs) expect(h === '/rbac' || h.startsWith('/rbac/')).toBe(true);
  });
});

describe('the RBAC tabs', () => {
  // No layout draws them (it would need the path in the browser): each view does, with its own path.
  it('are rendered by every RBAC page and not-found body, with a path in the RBAC area', () => {
    const views = rbacViews();
    expect(views.length).toBeGreaterThanOrEqual(rbacSections.length);
    for (const file of views) {
      const path = /<RbacTabs path="([^"]+)" \/>/.exec(readFileSync(file, 'utf8'))?.[1];
      expect(path, file).toBeDefined();
      expect(currentRbacSection(path ?? null), file).toBeDefined();
    }
  });
});
