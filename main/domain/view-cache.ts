import type { Db } from '../db/open.js';
import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import { cacheCounters } from './cache-stats.js';
import type { Deps } from './deps.js';
import { GenerationCache } from './generation-cache.js';
import { listPushTokens } from './push-tokens.js';
import { twoFactorStatus } from './two-factor.js';
import { viewUser } from './user-view.js';

/** Serialized answers are ~0.3–3 KB: 1,000 of them stay under ~3 MB of the 150 MB RSS budget. */
export const VIEW_CACHE_SIZE = 1_000;

const caches = new WeakMap<Db, GenerationCache<Buffer>>();

function cacheOf(db: Db): GenerationCache<Buffer> {
  let c = caches.get(db);
  if (!c) {
    c = new GenerationCache<Buffer>(db, VIEW_CACHE_SIZE, cacheCounters.view);
    caches.set(db, c);
  }
  return c;
}

/**
 * The JSON bytes of a read answer, rebuilt only when the database changed since they were made:
 * every input of these views (user row, memberships, teams, TOTP device, backup codes, push tokens,
 * member counts) is in the database, and any write to it — on this connection or another — empties
 * the cache. JSON.stringify is what Hono's c.json does, so the bytes are the same.
 */
const bytes = (deps: Deps, key: string, build: () => unknown): Buffer =>
  cacheOf(deps.db).get(key, () => Buffer.from(JSON.stringify(build())))!;

/** GET /api/users/@me/. A session's view differs by when it logged in (sensitive_session_expires_at). */
export const userViewBytes = (deps: Deps, user: UserRow, session?: SessionRow) =>
  bytes(deps, `user:${user.id}:${session ? session.authenticated_at : '-'}`, () =>
    viewUser(deps, user, session),
  );

export const twoFactorStatusBytes = (deps: Deps, user: UserRow) =>
  bytes(deps, `2fa:${user.id}`, () => twoFactorStatus(deps, user));

export const pushTokenListBytes = (deps: Deps, user: UserRow) =>
  bytes(deps, `push:${user.id}`, () => listPushTokens(deps, user.id));
