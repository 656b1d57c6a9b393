export function isLoopback(host: string): boolean;
export function publicOrigins(value: string | undefined): { origins: string[]; invalid?: undefined } | { invalid: string; origins?: undefined };
export function servePolicy(
  host: string,
  env: Record<string, string | undefined>,
): { tls: { cert: string; key: string } | null; refusal?: undefined } | { refusal: string; tls?: undefined };
