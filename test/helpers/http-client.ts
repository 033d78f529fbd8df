import http from 'node:http';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body (undefined when the body is not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** Sent as JSON (Content-Type: application/json) unless `raw` is given. */
  json?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** Bearer key: sets `Authorization: Bearer <key>` and sends no cookies. */
  key?: string;
  /** Skip the automatic X-CSRFToken header. */
  noCsrf?: boolean;
}

/**
 * A tiny real-HTTP client that keeps cookies like a browser and sends the CSRF header on unsafe
 * methods, so tests exercise the server exactly as the window does. Built on node:http so the
 * Host header can be set freely (fetch forbids it).
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  get csrfToken(): string | undefined {
    return this.cookies.get('csrftoken');
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = {};
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.json !== undefined) {
      payload = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    else if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !options.noCsrf && this.csrfToken) {
        headers['x-csrftoken'] = this.csrfToken;
      }
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    Object.assign(headers, options.headers);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          for (const cookie of res.headers['set-cookie'] ?? []) {
            const [pair] = cookie.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get = (path: string, o?: RequestOptions) => this.request('GET', path, o);
  post = (path: string, json?: unknown, o?: RequestOptions) => this.request('POST', path, { json, ...o });
  patch = (path: string, json?: unknown, o?: RequestOptions) => this.request('PATCH', path, { json, ...o });
  put = (path: string, json?: unknown, o?: RequestOptions) => this.request('PUT', path, { json, ...o });
  delete = (path: string, o?: RequestOptions) => this.request('DELETE', path, o);
}
