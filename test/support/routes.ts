// Calls route handlers in-process the way Next does, with a cookie jar: the same code path as the
// browser (session, CSRF check, zod parsing, problem JSON), minus the HTTP server.
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class RouteClient {
  /** The session cookie the last response set (`name=value`). */
  cookie = '';
  readonly bodies: string[] = [];

  async call<T = unknown>(
    handler: Handler,
    opts: { method?: string; path?: string; params?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const method = opts.method ?? 'GET';
    const headers: Record<string, string> = { host: '127.0.0.1:3000', ...(this.cookie ? { cookie: this.cookie } : {}) };
    if (method !== 'GET') {
      headers['x-tokenscope-request'] = '1';
      headers['content-type'] = 'application/json';
    }
    const req = new Request(`http://127.0.0.1:3000${opts.path ?? '/api/x'}`, {
      method,
      headers: { ...headers, ...opts.headers },
      body: method === 'GET' || opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    const text = await res.text();
    this.bodies.push(text);
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, text, headers: res.headers };
  }
}
