import { describe, expect, it } from 'vitest';
import { type GrantAttributes, suggestGrant } from '@/lib/rbac/suggest';
import { whyNotOneClick } from './scenario-why-denied-model';

const scenario = { namespace: 'default' };
const sa = { namespace: 'default', name: 'service-account-token-requester' };
const refusal = (attrs: GrantAttributes, readOnly = false) =>
  whyNotOneClick(scenario, sa, attrs, suggestGrant(sa, attrs).sensitive, readOnly);

describe('whyNotOneClick', () => {
  it('offers the button for a harmless grant', () => {
    expect(refusal({ verb: 'list', group: '', resource: 'pods', namespace: 'default' })).toBeNull();
  });

  it.each([
    { verb: 'patch', group: '', resource: 'pods', namespace: 'default' },
    { verb: 'update', group: 'apps', resource: 'deployments', namespace: 'default' },
    { verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace: 'default' },
  ])('gives the server’s reason instead of the button for $verb $resource', (attrs) => {
    expect(refusal(attrs)).toMatch(
      new RegExp(
        `^Not applied with one click: ${attrs.verb} ${attrs.resource}.* would let the grantee run code as a ServiceAccount`,
      ),
    );
  });

  it('says read-only and foreign-namespace refusals first', () => {
    expect(refusal({ verb: 'list', group: '', resource: 'pods', namespace: 'default' }, true)).toBe(
      'Tokenscope runs read-only.',
    );
    expect(refusal({ verb: 'list', group: '', resource: 'pods', namespace: 'kube-system' })).toContain(
      'only inside the scenario’s namespace (default)',
    );
  });
});
