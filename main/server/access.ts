import type { Context } from 'hono';
import { ApiError, Messages, notAuthenticated, permissionDenied } from '../../shared/errors.js';
import { scopesSatisfy, type RouteAccess } from '../../shared/scopes.js';
import { isRecentlyAuthenticated } from '../domain/sessions.js';
import type { AppEnv, AuthenticatedCaller, SessionCaller } from './env.js';

/**
 * The per-route guard: who may call (a key with a scope, or a session only) and whether the
 * route is sensitive (a login within the last 2 hours). Synchronous, so `implement` runs it before
 * anything else.
 */
export function requireAccessNow(c: Context<AppEnv>, access: RouteAccess, sensitive: boolean): void {
  const caller = c.get('caller');
  if (caller.kind === 'anonymous' || caller.kind === 'pending') throw notAuthenticated();
  if (caller.kind === 'key') {
    if (access === 'session') throw permissionDenied(Messages.keyNotSupported);
    if (access === 'session-401') throw notAuthenticated();
    if (!scopesSatisfy(caller.scopes, access)) {
      throw permissionDenied(Messages.keyMissingScope(access), 'permission_denied');
    }
  }
  if (sensitive && caller.kind === 'session') assertRecentLogin(c);
}

/** The sensitive gate on its own, for routes that are sensitive only for some requests. */
export function assertRecentLogin(c: Context<AppEnv>): void {
  const caller = c.get('caller');
  if (caller.kind === 'session' && !isRecentlyAuthenticated(c.get('deps'), caller.session)) {
    throw new ApiError(
      403,
      'authentication_error',
      'sensitive_action_required_reauth',
      Messages.sensitiveReauth,
    );
  }
}

/** The caller of a guarded route (the guard has already refused anonymous callers). */
export function callerOf(c: Context<AppEnv>): AuthenticatedCaller {
  const caller = c.get('caller');
  if (caller.kind !== 'session' && caller.kind !== 'key') throw notAuthenticated();
  return caller;
}

export function sessionCallerOf(c: Context<AppEnv>): SessionCaller {
  const caller = c.get('caller');
  if (caller.kind !== 'session') throw notAuthenticated();
  return caller;
}
