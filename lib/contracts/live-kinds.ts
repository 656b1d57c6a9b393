// Zod-free, so browser code can name the kinds without shipping zod to every page.

/** Kinds the server watches for browsers. Secrets are watched as metadata only, token type only. */
export const liveKinds = [
  'serviceaccounts',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'pods',
  'tokensecrets',
] as const;
export type LiveKind = (typeof liveKinds)[number];
