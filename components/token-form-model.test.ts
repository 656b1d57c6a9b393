import { describe, expect, it } from 'vitest';
import { mintRequestSchema } from '@/lib/contracts/tokens';
import {
  buildMintRequest,
  expirationHint,
  expirationSecondsOf,
  initialMintForm,
  type MintForm,
  parseAudiences,
  toBoundKind,
} from './token-form-model';

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

  it('hints the API server’s own message below the floor, and nothing for presets', () => {
    expect(expirationHint(form({ expiration: 'custom', customSeconds: '599' }))).toBe(
      'may not specify a duration less than 10 minutes',
    );
    expect(expirationHint(form({ expiration: 'custom', customSeconds: '600' }))).toBeNull();
    expect(expirationHint(form({ expiration: 'custom', customSeconds: '' }))).toMatch(/whole number/);
    for (const expiration of ['10m', '1h', '1d'] as const)
      expect(expirationHint(form({ expiration }))).toBeNull();
  });
});

describe('buildMintRequest', () => {
  it('builds the minimal request the API server expects', () => {
    expect(buildMintRequest(form())).toEqual({
      ok: true,
      request: { namespace: 'default', serviceAccount: 'service-account-pod-viewer', expirationSeconds: 600 },
    });
  });

  it('lets 599 s through so the API server can refuse it itself', () => {
    const built = buildMintRequest(form({ expiration: 'custom', customSeconds: '599' }));
    expect(built).toMatchObject({ ok: true, request: { expirationSeconds: 599 } });
    if (built.ok) expect(mintRequestSchema.safeParse(built.request).success).toBe(true);
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

  it('asks for what is missing', () => {
    expect(buildMintRequest(form({ namespace: ' ' }))).toEqual({ ok: false, error: 'Enter a namespace.' });
    expect(buildMintRequest(form({ serviceAccount: '' }))).toEqual({
      ok: false,
      error: 'Enter a ServiceAccount.',
    });
    expect(buildMintRequest(form({ boundKind: 'Pod' }))).toEqual({
      ok: false,
      error: 'Enter the name of the Pod to bind to.',
    });
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
