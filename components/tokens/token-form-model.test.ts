import { describe, expect, it } from 'vitest';
import { mintRequestSchema } from '@/lib/contracts/tokens';
import {
  changeTarget,
  chooseBoundKind,
  expirationSecondsOf,
  fieldMessage,
  initialMintForm,
  type MintForm,
  parseAudiences,
  pickBoundObject,
  toBoundKind,
  typeBoundName,
} from './token-form-model';
import { buildMintRequest, expirationProblem } from './token-form-rules';

const form = (patch: Partial<MintForm> = {}): MintForm => ({
  ...initialMintForm('default', 'service-account-pod-viewer'),
  ...patch,
});

describe('parseAudiences', () => {
  it('splits on commas and lines, trims, drops empties and repeats', () => {
    expect(parseAudiences(' vault ,\nhttps://kubernetes.default.svc\n\n, vault,')).toEqual([
      'vault',
      'https://kubernetes.default.svc',
    ]);
    expect(parseAudiences('  ')).toEqual([]);
  });
});

describe('expiration', () => {
  it('maps presets and custom text to seconds', () => {
    expect(expirationSecondsOf(form())).toBe(600);
    expect(expirationSecondsOf(form({ expiration: '1h' }))).toBe(3600);
    expect(expirationSecondsOf(form({ expiration: '1d' }))).toBe(86400);
    expect(expirationSecondsOf(form({ expiration: 'custom', customSeconds: ' 3607 ' }))).toBe(3607);
    expect(expirationSecondsOf(form({ expiration: 'custom', customSeconds: '10m' }))).toBeNaN();
  });

  it('says in words why 599 s is refused, quoting the API server’s own answer; nothing for presets', () => {
    expect(expirationProblem(form({ expiration: 'custom', customSeconds: '599' }))).toBe(
      '599 s is too short: the API server mints tokens for at least 600 s (10 minutes) and would answer “may not specify a duration less than 10 minutes”.',
    );
    expect(expirationProblem(form({ expiration: 'custom', customSeconds: '600' }))).toBeNull();
    expect(expirationProblem(form({ expiration: 'custom', customSeconds: String(2 ** 32 + 1) }))).toMatch(
      /too long: .*“may not specify a duration larger than 2\^32 seconds”/,
    );
    expect(expirationProblem(form({ expiration: 'custom', customSeconds: '' }))).toMatch(/whole number/);
    for (const expiration of ['10m', '1h', '1d'] as const)
      expect(expirationProblem(form({ expiration }))).toBeNull();
  });
});

describe('buildMintRequest', () => {
  it('builds the minimal request the API server expects', () => {
    expect(buildMintRequest(form())).toEqual({
      ok: true,
      request: { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 },
    });
  });

  it('does not send 599 s: one problem, at the seconds field', () => {
    const built = buildMintRequest(form({ expiration: 'custom', customSeconds: '599' }));
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.problems).toHaveLength(1);
      expect(built.problems[0]).toMatchObject({
        field: 'seconds',
        message: expect.stringContaining('too short'),
      });
    }
  });

  it('does not send names the API server would refuse, and says why in words', () => {
    const built = buildMintRequest(form({ namespace: 'Team_A', serviceAccount: 'pod viewer' }));
    expect(built).toEqual({
      ok: false,
      problems: [
        {
          field: 'namespace',
          message:
            'A namespace name may only contain lowercase letters, digits and “-”; “Team_A” has “T”, “_”, “A”.',
        },
        {
          field: 'serviceAccount',
          message:
            'A ServiceAccount name may only contain lowercase letters, digits, “-” and “.”; “pod viewer” has a space.',
        },
      ],
    });
    expect(buildMintRequest(form({ namespace: 'a.b' }))).toMatchObject({
      ok: false,
      problems: [{ field: 'namespace', message: expect.stringContaining('“.”') }],
    });
  });

  it('carries every option, valid for the contract', () => {
    const built = buildMintRequest(
      form({
        namespace: ' blog ',
        audiences: 'vault, api',
        boundKind: 'Secret',
        boundName: ' s1 ',
        boundUid: '0f8e0c1a-1111-2222-3333-444455556666',
        actAs: 'tok_abcdefghijklmnop',
      }),
    );
    expect(built).toEqual({
      ok: true,
      request: {
        namespace: 'blog',
        serviceAccount: 'service-account-pod-viewer',
        expirationSeconds: 600,
        audiences: ['vault', 'api'],
        boundObjectRef: { kind: 'Secret', name: 's1', uid: '0f8e0c1a-1111-2222-3333-444455556666' },
        actAs: 'tok_abcdefghijklmnop',
      },
    });
    if (built.ok) expect(mintRequestSchema.parse(built.request)).toEqual(built.request);
  });

  it('asks for what is missing, but only once a send was tried', () => {
    const missing = (f: MintForm) => (buildMintRequest(f) as { problems: unknown[] }).problems;
    expect(missing(form({ namespace: ' ' }))).toEqual([
      { field: 'namespace', message: 'Enter a namespace.', missing: true },
    ]);
    expect(missing(form({ serviceAccount: '' }))).toEqual([
      { field: 'serviceAccount', message: 'Enter a ServiceAccount.', missing: true },
    ]);
    expect(missing(form({ boundKind: 'Pod' }))).toEqual([
      { field: 'boundName', message: 'Enter the name of the Pod to bind to.', missing: true },
    ]);
    const problems = missing(form({ serviceAccount: '', expiration: 'custom', customSeconds: '1' })) as never;
    expect(fieldMessage(problems, 'serviceAccount', false)).toBeUndefined();
    expect(fieldMessage(problems, 'serviceAccount', true)).toBe('Enter a ServiceAccount.');
    expect(fieldMessage(problems, 'seconds', false)).toMatch(/too short/);
    expect(buildMintRequest(form({ expiration: 'custom', customSeconds: 'soon' }))).toMatchObject({
      ok: false,
    });
    expect(buildMintRequest(form({ expiration: 'custom', customSeconds: '0' }))).toMatchObject({ ok: false });
  });
});

describe('toBoundKind', () => {
  it('accepts the three kinds and treats anything else as not bound', () => {
    expect(['Pod', 'Secret', 'Node', '', 'ConfigMap'].map(toBoundKind)).toEqual([
      'Pod',
      'Secret',
      'Node',
      '',
      '',
    ]);
  });
});

describe('bound object', () => {
  const uid = '0f8e0c1a-1111-2222-3333-444455556666';
  const picked = form({ boundKind: 'Secret', boundName: 's1', boundUid: uid });

  it('a pick fills kind, name and uid, and the request carries them', () => {
    const f = { ...form(), ...pickBoundObject({ kind: 'Secret', name: 's1', uid }) };
    expect(f).toEqual(picked);
    expect(buildMintRequest(f)).toMatchObject({
      ok: true,
      request: { boundObjectRef: { kind: 'Secret', name: 's1', uid } },
    });
  });

  it('a typed name drops the picked uid, and is sent without one', () => {
    const f = { ...picked, ...typeBoundName('s2') };
    expect(f.boundUid).toBe('');
    const built = buildMintRequest(f);
    expect(built).toMatchObject({ ok: true, request: { boundObjectRef: { kind: 'Secret', name: 's2' } } });
    if (built.ok) expect(built.request.boundObjectRef).not.toHaveProperty('uid');
  });

  it('a new kind clears name and uid; the same kind keeps them', () => {
    expect(chooseBoundKind(picked, 'Pod')).toEqual({ boundKind: 'Pod', boundName: '', boundUid: '' });
    expect(chooseBoundKind(picked, '')).toEqual({ boundKind: '', boundName: '', boundUid: '' });
    expect(chooseBoundKind(picked, 'Secret')).toEqual({
      boundKind: 'Secret',
      boundName: 's1',
      boundUid: uid,
    });
  });

  it('a new namespace drops a Pod or Secret picked in the old one, but keeps typed names and Nodes', () => {
    expect(changeTarget(picked, { namespace: 'blog' })).toMatchObject({
      namespace: 'blog',
      boundName: '',
      boundUid: '',
    });
    expect(changeTarget(picked, { namespace: 'default ' })).toMatchObject({ boundName: 's1', boundUid: uid });
    expect(changeTarget(picked, { serviceAccount: 'other' })).toMatchObject({
      serviceAccount: 'other',
      boundName: 's1',
      boundUid: uid,
    });
    const typed = form({ boundKind: 'Secret', boundName: 's1' });
    expect(changeTarget(typed, { namespace: 'blog' })).toMatchObject({ boundName: 's1' });
    const node = form({ boundKind: 'Node', boundName: 'n1', boundUid: uid });
    expect(changeTarget(node, { namespace: 'blog' })).toMatchObject({ boundName: 'n1', boundUid: uid });
  });
});
