import type { Db } from '../db/open.js';
import type { PersonalApiKeyRow } from '../db/repos/personal-api-keys.js';
import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import { cacheCounters } from './cache-stats.js';
import type { Deps } from './deps.js';
import { GenerationCache } from './generation-cache.js';

/** Enough for every key and session a desktop install has, many times over (~2 KB each). */
export const CALLER_CACHE_SIZE = 5_000;

export interface KeyCaller {
  key: PersonalApiKeyRow;
  user: UserRow;
  scopes: string[];
}
export interface SessionCaller {
  session: SessionRow;
  user: UserRow;
}

interface CallerCaches {
  keys: GenerationCache<KeyCaller>;
  sessions: GenerationCache<SessionCaller>;
}
// Per connection: the cache lives and dies with the database it mirrors.
const caches = new WeakMap<Db, CallerCaches>();

function cachesOf(db: Db): CallerCaches {
  let c = caches.get(db);
  if (!c) {
    c = {
      keys: new GenerationCache(db, CALLER_CACHE_SIZE, cacheCounters.caller),
      sessions: new GenerationCache(db, CALLER_CACHE_SIZE, cacheCounters.caller),
    };
    caches.set(db, c);
  }
  return c;
}

/**
 * The key and its owner for a key's stored hash, from the cache while the database is unchanged:
 * revoking, rolling or re-scoping a key, or changing its owner, is a write (here or in the CLI), and
 * any write empties the cache. Callers must treat the rows as read-only.
 */
export function keyCallerBySecureValue(deps: Pick<Deps, 'db' | 'repos'>, secureValue: string) {
  return cachesOf(deps.db).keys.get(secureValue, () => {
    const key = deps.repos.personalApiKeys.bySecureValue(secureValue);
    const user = key && deps.repos.users.byId(key.user_id);
    return key && user ? { key, user, scopes: JSON.parse(key.scopes) as string[] } : undefined;
  });
}

/**
 * The session row and its user for a token hash, cached like keys. Expiry is NOT decided here: it
 * depends on the clock, not the database, so the caller checks it on every request (liveSession).
 */
export function sessionCallerByTokenHash(deps: Pick<Deps, 'db' | 'repos'>, tokenHash: string) {
  return cachesOf(deps.db).sessions.get(tokenHash, () => {
    const session = deps.repos.sessions.byTokenHash(tokenHash);
    const user = session && deps.repos.users.byId(session.user_id);
    return session && user ? { session, user } : undefined;
  });
}
