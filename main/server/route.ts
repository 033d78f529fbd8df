import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { ErrorBodySchema } from '../../shared/common.js';
import type { RouteAccess } from '../../shared/scopes.js';
import { requireAccess } from './access.js';

interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. `/api/users/{uuid}/`. A trailing slash is optional at runtime. */
  path: string;
  /** Who may call; `public` needs no credentials. */
  access: RouteAccess | 'public';
  sensitive?: boolean;
  summary: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status and schema of the success answer (null schema = empty body). */
  status?: number;
  response?: z.ZodType | null;
}

const errorContent = { 'application/json': { schema: ErrorBodySchema } };

/**
 * Declares a route once: its guard, its request schemas (validated by @hono/zod-openapi) and
 * its responses, which together produce /api/schema/.
 */
export function defineRoute(spec: RouteSpec) {
  const status = spec.status ?? 200;
  const accessNote =
    spec.access === 'public'
      ? 'No authentication.'
      : spec.access === 'session' || spec.access === 'session-401'
        ? 'Session only (personal API keys are refused).'
        : `Personal API keys need scope \`${spec.access}\`.`;
  const config = {
    method: spec.method,
    // Registered without the trailing slash: with `strict: false` Hono then answers both forms.
    path: spec.path.length > 1 ? spec.path.replace(/\/$/, '') : spec.path,
    summary: spec.summary,
    description: `${accessNote}${spec.sensitive ? ' Sensitive: needs a login within the last 2 hours.' : ''}`,
    tags: spec.tags,
    security: (spec.access === 'public' ? [] : [{ PersonalAPIKeyAuth: [] }, { SessionCookie: [] }]) as Record<
      string,
      string[]
    >[],
    middleware: spec.access === 'public' ? [] : [requireAccess(spec.access, { sensitive: spec.sensitive })],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } }
        : {}),
    },
    responses: {
      [status]: spec.response
        ? { description: 'Success', content: { 'application/json': { schema: spec.response } } }
        : { description: 'Success, no body' },
      400: { description: 'Invalid request', content: errorContent },
      401: { description: 'Not authenticated', content: errorContent },
      403: { description: 'Not allowed', content: errorContent },
      404: { description: 'Not found', content: errorContent },
      429: { description: 'Throttled', content: errorContent },
    },
  };
  return createRoute(config as unknown as RouteConfig);
}

/**
 * The validated part of a request, typed by the schema that validated it (defineRoute's generic
 * route type does not carry the schemas through to the handler).
 */
export function valid<T extends z.ZodType>(
  c: Context,
  target: 'json' | 'query' | 'param',
  _schema: T,
): z.infer<T> {
  return (c.req as unknown as { valid(t: string): unknown }).valid(target) as z.infer<T>;
}
