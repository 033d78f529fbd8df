import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { ErrorBodySchema } from '../../shared/common.js';
import { Messages, permissionDenied } from '../../shared/errors.js';
import type { HandlerOutput, RouteContract, ValidInput } from '../../shared/route-contract.js';
import { requireAccessNow } from './access.js';
import type { AppEnv } from './env.js';
import { parseOrThrow } from './validation.js';

const errorContent = { 'application/json': { schema: ErrorBodySchema } };

function accessNote(contract: RouteContract): string {
  const who =
    contract.access === 'public'
      ? 'No authentication.'
      : contract.access === 'session' || contract.access === 'session-401'
        ? 'Session only (personal API keys are refused).'
        : `Personal API keys need scope \`${contract.access}\`.`;
  return (
    who +
    (contract.staffOnly ? ' Staff only.' : '') +
    (contract.sensitive ? ' Sensitive: needs a login within the last 2 hours.' : '')
  );
}

/** The body schema /api/schema/ shows: `body`, or any of its forms when the route takes others. */
function documentedBody(contract: RouteContract): z.ZodType {
  const forms = [contract.body!, ...(contract.otherBodies ?? [])];
  return forms.length === 1 ? forms[0] : z.union(forms);
}

/** The OpenAPI operation of a contract, for /api/schema/ (the schemas are the ones that validate). */
export function openApiOperation(contract: RouteContract): RouteConfig {
  const status = contract.status ?? 200;
  return createRoute({
    method: contract.method,
    path: contract.path,
    summary: contract.summary,
    description: accessNote(contract),
    tags: [...contract.tags],
    security: contract.access === 'public' ? [] : [{ PersonalAPIKeyAuth: [] }, { SessionCookie: [] }],
    request: {
      ...(contract.params ? { params: contract.params } : {}),
      ...(contract.query ? { query: contract.query } : {}),
      ...(contract.body
        ? { body: { content: { 'application/json': { schema: documentedBody(contract) } }, required: true } }
        : {}),
    },
    responses: {
      [status]: contract.response
        ? { description: 'Success', content: { 'application/json': { schema: contract.response } } }
        : { description: 'Success, no body' },
      400: { description: 'Invalid request', content: errorContent },
      401: { description: 'Not authenticated', content: errorContent },
      403: { description: 'Not allowed', content: errorContent },
      404: { description: 'Not found', content: errorContent },
      429: { description: 'Throttled', content: errorContent },
    },
  } as RouteConfig);
}

export interface ImplementOptions {
  /**
   * Route-specific authorization that must refuse before the body is validated (a caller who may
   * not use a route learns nothing from its body rules). Receives the validated path params.
   */
  authorize?: (c: Context<AppEnv>, params: Record<string, string>) => void;
  /**
   * The `{uuid}` is not read at all (two-factor setup always acts on the caller, as in PostHog), so
   * the `@me` rule does not apply to it.
   */
  uuidIgnored?: boolean;
}

export type RouteHandler<R extends RouteContract> = (
  c: Context<AppEnv>,
  input: ValidInput<R>,
) => HandlerOutput<R> | Response | Promise<HandlerOutput<R> | Response>;

/** Hono's form of an OpenAPI path: `{uuid}` → `:uuid`, no trailing slash (`strict: false` takes both). */
export function honoPath(path: string): string {
  const bare = path.length > 1 ? path.replace(/\/$/, '') : path;
  return bare.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * Serves one route contract. Order, the same for every route: the caller's access (credentials,
 * scope, staff, recent login), then path params, the `@me` rule for a `{uuid}` path and any
 * route-specific `authorize`, and only then query and body validation — so refusals never depend
 * on the body. The handler gets typed, validated input and returns the answer's data (serialised
 * with the route's status) or, for cookies or special cases, a Response of its own.
 */
export function implement<R extends RouteContract>(
  app: OpenAPIHono<AppEnv>,
  contract: R,
  handler: RouteHandler<R>,
  options: ImplementOptions = {},
): void {
  app.openAPIRegistry.registerPath(openApiOperation(contract));
  const status = contract.status ?? 200;
  app.on(contract.method.toUpperCase(), honoPath(contract.path), async (c) => {
    if (contract.access !== 'public') requireAccessNow(c, contract.access, contract.sensitive ?? false);
    if (contract.staffOnly && !isStaffCaller(c)) throw permissionDenied(Messages.notStaff);
    const params = contract.params ? parseOrThrow(contract.params, c.req.param()) : undefined;
    // The route's own rule first (its refusal text may be more specific), then the contract's.
    options.authorize?.(c, (params ?? {}) as Record<string, string>);
    if (
      !options.uuidIgnored &&
      params &&
      typeof (params as { uuid?: unknown }).uuid === 'string' &&
      contract.access !== 'public'
    ) {
      assertMayName(c, (params as { uuid: string }).uuid);
    }
    const input = {
      params,
      query: contract.query ? parseOrThrow(contract.query, c.req.query()) : undefined,
      body: contract.body ? parseOrThrow(contract.body, c.get('body') ?? {}) : undefined,
    } as ValidInput<R>;
    const result = await handler(c, input);
    if (result instanceof Response) return result;
    if (contract.response === null) return c.body(null, status as 204);
    return c.json(result as object, status as 200);
  });
}

function isStaffCaller(c: Context<AppEnv>): boolean {
  const caller = c.get('caller');
  return (caller.kind === 'session' || caller.kind === 'key') && caller.user.is_staff === 1;
}

/** users-api.md §1: a non-staff caller may name only `@me` (or their own uuid), before anything else. */
function assertMayName(c: Context<AppEnv>, uuid: string): void {
  const caller = c.get('caller');
  if (caller.kind !== 'session' && caller.kind !== 'key') return;
  if (uuid === '@me' || uuid.toLowerCase() === caller.user.uuid || caller.user.is_staff === 1) return;
  throw permissionDenied(Messages.meOnly);
}
