// A kubeconfig context's name in Tokenscope's URLs (see ./cluster-path for where it goes): ASCII
// letters, digits, `.`, `_` and `-` as they are, every other byte of its UTF-8 as `~XX` (upper-case
// hex). Kept apart from ./cluster-path so that the browser's links and API client, which only move
// an existing slug around, do not carry the encoder and decoder on every page (issue 17).

/** Longest context name served (a kubeconfig sets no limit; this keeps URLs and logs bounded). */
export const CLUSTER_NAME_MAX = 512;

const plain = /^[A-Za-z0-9._-]$/;

/** The URL form of a context name. */
export function clusterSlug(name: string): string {
  // `.` and `..` alone are path segments browsers resolve away: escape them.
  if (/^\.+$/.test(name)) return '~2E'.repeat(name.length);
  let out = '';
  for (const ch of name) {
    if (plain.test(ch)) out += ch;
    else
      for (const b of new TextEncoder().encode(ch))
        out += `~${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The context name a URL form stands for, or undefined when it is not the canonical form of any name. */
export function clusterNameOf(slug: string): string | undefined {
  if (slug === '' || slug.length > CLUSTER_NAME_MAX * 9 || !/^(?:[A-Za-z0-9._-]|~[0-9A-F]{2})+$/.test(slug))
    return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < slug.length; ) {
    if (slug[i] === '~') {
      bytes.push(Number.parseInt(slug.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(slug.charCodeAt(i));
      i += 1;
    }
  }
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
  if (name.length > CLUSTER_NAME_MAX || clusterSlug(name) !== slug) return undefined;
  return name;
}
