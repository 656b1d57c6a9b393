import 'server-only';
import { env } from '@/lib/server/env';
import { redact, redactValue } from './redact';

const order = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof order;

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (order[level] < order[env().logLevel]) return;
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg: redact(message),
    ...(fields ? (redactValue(fields) as Record<string, unknown>) : {}),
  });
  // Every level goes through the same redactor; tokens are named by jti and subject only.
  if (level === 'error' || level === 'warn') console.error(line);
  else process.stdout.write(`${line}\n`);
}

/** Structured JSON logs with JWT redaction at every level. */
export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
