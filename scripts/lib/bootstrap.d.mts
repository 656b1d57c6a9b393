export function staleReason(root: string): string;
export function ensureNodeModules(root: string): Promise<void>;
export function ensureGo(): string;
export function ensureChromium(path: string): Promise<void>;
