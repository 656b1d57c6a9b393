// What the workbench shows once tokens are held (token-workbench.tsx loads it then, in one
// download rather than three: each lazy import also costs the page a loader of its own).
export { TokenCard } from './token-card';
export { TokenHistory } from './token-history';
export { TryCompare } from './try-compare';
