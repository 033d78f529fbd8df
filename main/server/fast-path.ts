import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, Messages } from '../../shared/errors.js';
import type { RouteContract } from '../../shared/route-contract.js';
import { routes } from '../../shared/routes/index.js';
import type { RouteAccess } from '../../shared/scopes.js';
import { cacheCounters } from '../domain/cache-stats.js';
import { oneDataVersionRead } from '../domain/db-generation.js';
import type { Deps } from '../domain/deps.js';
import { pushTokenListBytes, twoFactorStatusBytes, userViewBytes } from '../domain/view-cache.js';
import { checkAccess } from './access.js';
import type { AuthenticatedCaller } from './env.js';
import { identifyCaller } from './middleware/authenticate.js';
import { isAllowedHost } from './middleware/host-allow-list.js';
import { setSecurityHeaders } from './middleware/security-headers.js';

/** A fast route: the contract it serves (its `access`, `sensitive`) and how to answer `@me`. */
interface FastRoute {
  access: RouteAccess;
  sensitive: boolean;
  answer(deps: Deps, caller: AuthenticatedCaller): Buffer;
}

type Answer = FastRoute['answer'];

/** The guard of each fast route is its contract's: one declaration of who may call. */
function table(): Map<string, FastRoute> {
  const entries: [string, RouteContract, Answer][] = [
    [
      '/api/users/@me/',
      routes.retrieveUser,
      (deps, caller) =>
        userViewBytes(deps, caller.user, caller.kind === 'session' ? caller.session : undefined),
    ],
    [
      '/api/users/@me/two_factor_status/',
      routes.twoFactorStatus,
      (deps, caller) => twoFactorStatusBytes(deps, caller.user),
    ],
    [
      '/api/users/@me/push_tokens/',
      routes.listPushTokens,
      (deps, caller) => pushTokenListBytes(deps, caller.user),
    ],
  ];
  const map = new Map<string, FastRoute>();
  for (const [path, contract, answer] of entries) {
    // Only guarded, non-staff, body-less GETs belong here; anything else must stay on the Hono path.
    if (contract.access === 'public' || contract.staffOnly || contract.method !== 'get') {
      throw new Error(`fast path: ${contract.path} cannot be served here`);
    }
    const route = { access: contract.access, sensitive: contract.sensitive ?? false, answer };
    // Hono runs with `strict: false`: the path without its trailing slash is the same route.
    map.set(path, route);
    map.set(path.slice(0, -1), route);
  }
  return map;
}

/**
 * The three reads other tools poll (issue 13 §2), answered on node:http before the adapter builds a
 * Web Request/Response (~2× the cost of the answer itself). Only the plain case is taken: a GET of
 * exactly one of these paths (`@me`, no query string), one Host that the allow-list accepts, at most
 * one Authorization and one Cookie header. Anything else returns false and goes to Hono unchanged
 * — so hostile Hosts, keys in the query string, odd paths and every other route keep a single
 * implementation. What is taken runs the same perimeter code as the Hono path: the security headers
 * (setSecurityHeaders), the caller (identifyCaller), the route's guard (checkAccess with the
 * contract's access) and the error bodies (ApiError.toBody, what renderError sends).
 */
export function createFastPath(
  deps: Deps,
  port: () => number,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const fast = table();
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const route = fast.get(req.url ?? '');
    if (!route) return false;
    const headers = perimeterHeaders(req.rawHeaders);
    if (!headers || !isAllowedHost(headers.host, port())) {
      cacheCounters.fastPath.passed++;
      return false;
    }
    cacheCounters.fastPath.served++;
    let status = 200;
    let body: Buffer;
    let extra: Record<string, string> = {};
    try {
      // The caller cache and the view cache share one read of the database's state.
      body = oneDataVersionRead(deps.db, () => {
        const caller = identifyCaller(deps, headers.authorization, headers.cookie);
        checkAccess(deps, caller, route.access, route.sensitive);
        return route.answer(deps, caller as AuthenticatedCaller);
      });
    } catch (error) {
      const refusal =
        error instanceof ApiError ? error : new ApiError(500, 'server_error', 'error', Messages.serverError);
      if (!(error instanceof ApiError)) {
        deps.log(`error GET ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      }
      status = refusal.status;
      extra = refusal.headers;
      body = Buffer.from(JSON.stringify(refusal.toBody()));
    }
    setSecurityHeaders(res, true);
    for (const [name, value] of Object.entries(extra)) res.setHeader(name, value);
    // No writeHead: end() then sizes the body itself and places Content-Length where Node does for
    // the adapter's answers, so the two paths are byte-identical (the equivalence test checks it).
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
    return true;
  };
}

/**
 * Host, Authorization and Cookie, or null when any is repeated (or Host is missing): the Web Headers
 * the Hono path reads would join repeats, Node's `req.headers` drops them — such requests go to
 * Hono, which alone then decides them.
 */
function perimeterHeaders(raw: string[]): { host: string; authorization?: string; cookie?: string } | null {
  let host: string | undefined;
  let authorization: string | undefined;
  let cookie: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (host !== undefined) return null;
      host = raw[i + 1];
    } else if (name.length === 13 && name.toLowerCase() === 'authorization') {
      if (authorization !== undefined) return null;
      authorization = raw[i + 1];
    } else if (name.length === 6 && name.toLowerCase() === 'cookie') {
      if (cookie !== undefined) return null;
      cookie = raw[i + 1];
    }
  }
  return host === undefined ? null : { host, authorization, cookie };
}
