// Wall-clock times of token events (iat, exp, probes), in a module of its own: the scenario view's
// timeline imports them without the cards' display rules (token-view.ts re-exports them).

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building an Intl.DateTimeFormat costs far more than using one, and 200 cards format every second.
function formatter(kind: 'time' | 'day' | 'date', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const zone = timeZone ? { timeZone } : {};
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
        : kind === 'day'
          ? { dateStyle: 'short' }
          : { day: 'numeric', month: 'short' };
    f = new Intl.DateTimeFormat('en-GB', { ...options, ...zone });
    formatters.set(key, f);
  }
  return f;
}

/** A wall-clock time as HH:MM:SS (24 h), in the browser's zone unless one is given. */
export function clockTime(at: string | number, timeZone?: string): string {
  return formatter('time', timeZone).format(new Date(at));
}

/** HH:MM:SS when `at` falls on the same day as `reference` (the token's iat), else "30 Nov 20:49:00". */
export function clockTimeFrom(at: number, reference: number, timeZone?: string): string {
  const day = formatter('day', timeZone);
  if (day.format(at) === day.format(reference)) return clockTime(at, timeZone);
  return `${formatter('date', timeZone).format(at)} ${clockTime(at, timeZone)}`;
}
