import { describe, expect, it } from 'vitest';
import { mintedByText } from './token-minted-by';

describe('mintedByText', () => {
  it('names the dashboard identity’s user when the server resolved it', () => {
    expect(mintedByText({ kind: 'dashboard', subject: 'tokenscope-admin' }, undefined)).toBe(
      'dashboard identity (tokenscope-admin)',
    );
  });

  it('names the signed-in user in shared mode', () => {
    expect(mintedByText({ kind: 'user', subject: 'alice' }, undefined)).toBe('you (alice)');
  });

  it('falls back to the bare dashboard identity when the username is unknown', () => {
    expect(mintedByText({ kind: 'dashboard', subject: 'dashboard' }, undefined)).toBe('dashboard identity');
  });

  it('names a held token by handle when it is still listed, and imports as imported', () => {
    const by = {
      kind: 'token',
      tokenId: 'tok_abcdefghijklmnop',
      subject: 'system:serviceaccount:default:r',
    } as const;
    expect(mintedByText(by, 'ab12')).toBe('held token ab12 (system:serviceaccount:default:r)');
    expect(mintedByText(by, undefined)).toBe('held token (system:serviceaccount:default:r)');
    expect(mintedByText({ kind: 'import', subject: 'you' }, undefined)).toBe('imported');
  });
});
