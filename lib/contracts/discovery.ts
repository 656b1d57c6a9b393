// What API discovery says the API server serves, reduced to what a form needs to warn about a
// typo: resource names (with subresources as "pods/log") per API group, and the verbs each allows.

/** One resource (or "resource/subresource") of one API group ('' is core). */
export interface ServedResource {
  group: string;
  name: string;
  verbs: string[];
  namespaced: boolean;
}

/** Every resource the API server serves, from /api and /apis (preferred versions). */
export interface ServedResources {
  resources: ServedResource[];
}
