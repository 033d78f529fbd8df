import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, Messages, notFound } from '../../shared/errors.js';
import { PASSKEY_ERROR_KEY_PATHS } from '../../shared/passkeys.js';
import type { AppEnv } from './env.js';

export function renderError(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const body = error.toBody();
  // users-api.md §6: PostHog's passkey routes answer `{error}` and its window reads that key.
  if (PASSKEY_ERROR_KEY_PATHS.some((p) => p.test(c.req.path))) {
    return c.json({ ...body, error: body.detail }, error.status as 400);
  }
  return c.json(body, error.status as 400);
}

const SERVER_ERROR = new ApiError(500, 'server_error', 'error', Messages.serverError);

/**
 * One error handler for the whole app: ApiError renders as itself; framework exceptions map to
 * the contract's shapes; anything else is logged and hidden behind the fixed 500 body.
 */
export function installErrorHandling(app: Hono<AppEnv>, log: (line: string) => void): void {
  app.onError((error, c) => {
    if (error instanceof ApiError) return renderError(c, error);
    if (error instanceof HTTPException) {
      if (error.status === 415) {
        const type = (c.req.header('content-type') ?? '').split(';')[0].trim();
        return renderError(
          c,
          new ApiError(415, 'invalid_request', 'unsupported_media_type', Messages.unsupportedMediaType(type)),
        );
      }
      if (error.status === 413) {
        return renderError(
          c,
          new ApiError(413, 'invalid_request', 'request_too_large', 'Request body is larger than 1 MiB.'),
        );
      }
      if (error.status === 400) {
        return renderError(
          c,
          new ApiError(400, 'invalid_request', 'parse_error', 'JSON parse error - malformed request body.'),
        );
      }
    }
    log(`error ${c.req.method} ${c.req.path}: ${(error as Error)?.stack ?? String(error)}`);
    return renderError(c, SERVER_ERROR);
  });

  app.notFound((c) => {
    const method = c.req.method;
    const allowed = methodsForPath(app, c.req.path).filter((m) => m !== method);
    if (allowed.length > 0) {
      c.header('Allow', [...new Set(allowed)].join(', '));
      return renderError(
        c,
        new ApiError(405, 'invalid_request', 'method_not_allowed', Messages.methodNotAllowed(method)),
      );
    }
    return renderError(c, notFound());
  });
}

const matcherCache = new WeakMap<Hono<AppEnv>, { method: string; pattern: RegExp }[]>();

/** Which methods some route answers at this path (for 405 rather than 404). */
function methodsForPath(app: Hono<AppEnv>, path: string): string[] {
  let matchers = matcherCache.get(app);
  if (!matchers) {
    matchers = app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(
          `^${r.path
            .replace(/\/$/, '')
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`,
        ),
      }));
    matcherCache.set(app, matchers);
  }
  return matchers.filter((m) => m.pattern.test(path)).map((m) => m.method);
}
