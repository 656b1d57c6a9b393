import type { MintedToken } from '@/lib/contracts/tokens';

/**
 * Who minted a token, as its card says it: the dashboard identity with its username when the server
 * could resolve it, the signed-in user (shared mode), a held token (by handle when still listed), or
 * an import.
 */
export function mintedByText(by: MintedToken['mintedBy'], minterHandle: string | undefined): string {
  if (by.kind === 'dashboard') {
    return by.subject === 'dashboard' ? 'dashboard identity' : `dashboard identity (${by.subject})`;
  }
  if (by.kind === 'user') return `you (${by.subject})`;
  if (by.kind === 'import') return 'imported';
  return minterHandle ? `held token ${minterHandle} (${by.subject})` : `held token (${by.subject})`;
}
