export function isLoopback(host: string): boolean;
export function buildIsFresh(): boolean;
export function buildNext(): Promise<void>;
export function startNext(opts: {
  host?: string;
  port?: number;
  dev?: boolean;
  env?: Record<string, string>;
  onOutput?: (text: string) => void;
  timeoutMs?: number;
}): Promise<{ url: string; stop: () => Promise<void>; startMillis: number }>;
