// What the request form needs once someone reaches it, in one download (each lazy import also
// costs the page a loader of its own, issue 17): its checks, the ServiceAccount suggestions, the
// bound-object list and the import form. Loaded when the form is first reached by pointer or focus
// (token-request-form.tsx), a bound-object kind is chosen, or "Hold a token you already have" opens.
export { BoundObjectFields } from './bound-object-fields';
export { TokenImportForm } from './token-import-form';
export { ServiceAccountSuggestions } from './token-sa-suggestions';
export { buildMintRequest, mintFormProblems } from './token-form-rules';
