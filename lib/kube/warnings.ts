/**
 * Texts of HTTP `Warning` headers (RFC 7234 form `299 - "text"`, several joined by commas), as the
 * API server sends when it shortens a requested token lifetime.
 */
export function parseWarnings(header: string | undefined): string[] {
  if (!header) return [];
  const out: string[] = [];
  const re = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    if (m[1]) out.push(m[1].replace(/\\(.)/g, '$1'));
  }
  return out;
}
