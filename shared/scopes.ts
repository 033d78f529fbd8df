/** Personal API key scopes (users-api.md §2). `user:write` also satisfies `user:read`. */
export const API_KEY_SCOPES = ['user:read', 'user:write', '*'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What a route asks of a key: a scope, or `session` for routes keys may not use. */
export type RouteAccess = 'user:read' | 'user:write' | 'session' | 'session-401';

export function scopesSatisfy(granted: readonly string[], needed: 'user:read' | 'user:write'): boolean {
  if (granted.includes('*') || granted.includes(needed)) return true;
  return needed === 'user:read' && granted.includes('user:write');
}
