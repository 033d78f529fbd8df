import type { MiddlewareHandler } from 'hono';

/** The UI's policy (security.md 21): nothing but this origin, images also as data: URLs (QR codes). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const STATIC_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=()'],
];

interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/** The headers onto a Node response: this middleware and the node:http fast path share it. */
export function setSecurityHeaders(outgoing: HeaderSink, noStore: boolean): void {
  for (const [name, value] of STATIC_HEADERS) outgoing.setHeader(name, value);
  // API answers may carry secrets (keys, backup codes, TOTP secrets): never cache them.
  if (noStore) outgoing.setHeader('Cache-Control', 'no-store');
}

/**
 * Set on every response, errors included. No Access-Control-* header is ever sent: no CORS.
 *
 * Served by node:http, the headers go straight onto the Node response before the handler runs
 * (writeHead merges them): reading or changing the Web Response's headers afterwards forces the
 * adapter off its fast path and cost ~20 µs of a ~70 µs GET /_health (bench, `--cpu-prof`). No
 * route sets Cache-Control or Access-Control-* (test/security and test/fuzz check every answer).
 * Without a Node response (app.request() in tests) the Web Response is amended as before.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  const noStore = c.req.path.startsWith('/api/') || c.req.path.startsWith('/_');
  const outgoing = (c.env as { outgoing?: { setHeader?(name: string, value: string): unknown } } | undefined)
    ?.outgoing;
  if (typeof outgoing?.setHeader === 'function') {
    setSecurityHeaders(outgoing as HeaderSink, noStore);
    await next();
    return;
  }
  await next();
  const h = c.res.headers;
  for (const [name, value] of STATIC_HEADERS) h.set(name, value);
  if (noStore) h.set('Cache-Control', 'no-store');
  for (const name of [...h.keys()]) if (name.startsWith('access-control-')) h.delete(name);
};
