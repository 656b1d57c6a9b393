import 'server-only';

/** Cookie name: the `__Host-` prefix is only allowed (and only meaningful) over TLS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-tokenscope-sid' : 'tokenscope-sid';
}

/** The session cookie: HttpOnly, SameSite=Strict, Secure (and `__Host-`) under TLS. */
export function sessionCookie(name: string, id: string, secure: boolean, maxAge?: number): string {
  return `${name}=${id}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`;
}

/** A cookie's value from the request's Cookie header. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
