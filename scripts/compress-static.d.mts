export function compressStatic(staticDir: string): Promise<{ files: number; raw: number; brotli: number }>;
