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

/** Set on every response, errors included. No Access-Control-* header is ever sent: no CORS. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('X-Frame-Options', 'DENY');
  h.set('Referrer-Policy', 'no-referrer');
  h.set('Cross-Origin-Opener-Policy', 'same-origin');
  h.set('Cross-Origin-Resource-Policy', 'same-origin');
  h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=()');
  // API answers may carry secrets (keys, backup codes, TOTP secrets): never cache them.
  if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/_')) h.set('Cache-Control', 'no-store');
  for (const name of [...h.keys()]) if (name.startsWith('access-control-')) h.delete(name);
};
