import type { IncomingMessage, ServerResponse } from 'node:http';

export function acceptsBrotli(header: string | undefined): boolean;
export function createStaticBrotli(staticDir: string): (req: IncomingMessage, res: ServerResponse) => boolean;
export function installStaticBrotli(staticDir: string): void;
