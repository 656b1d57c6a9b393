// The live-updates vocabulary, zod-free so the layout's LiveUpdates can use it on every page; its
// schemas are in live.schema.ts.

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

/** One change, named but never carrying the object (no secret data can ride along). */
export interface ChangeEvent {
  kind: LiveKind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  namespace?: string;
  name: string;
  resourceVersion: string;
  /** The server's change counter, for replay after a reconnect (`after`). */
  id?: number;
}

/** Whether the API server is reachable, as the server sees it. */
export interface ClusterStatus {
  state: 'up' | 'down';
  since: string;
  detail?: string;
}
