import { notFound } from '../../shared/errors.js';
import type { PushPlatform } from '../../shared/enums.js';
import type { PushToken, PushTokenListItem } from '../../shared/push-tokens.js';
import type { PushTokenRow } from '../db/repos/push-tokens.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';

/**
 * Push tokens (users-api.md §4 rows 7–9): device self-registration, upsert on (user, token).
 * The cap keeps one account from fanning a notification out to unbounded devices; the least
 * recently seen go first, which is the lost-phone case.
 */
export const MAX_PUSH_TOKENS_PER_USER = 20;

const iso = (ms: number) => new Date(ms).toISOString();

const view = (row: PushTokenRow): PushToken => ({
  id: row.id,
  platform: row.platform,
  created_at: iso(row.created_at),
  last_seen_at: iso(row.last_seen_at),
});

/** Enough to tell two devices apart in a list; a short token shows almost nothing. */
export function tokenPreview(token: string): string {
  return token.length < 16 ? `…${token.slice(-2)}` : `${token.slice(0, 4)}…${token.slice(-4)}`;
}

export function registerPushToken(
  deps: Deps,
  userId: number,
  token: string,
  platform: PushPlatform,
  ctx: RequestContext,
): PushToken {
  return deps.db.transaction(() => {
    const before = deps.repos.pushTokens.byUserToken(userId, token);
    const row = deps.repos.pushTokens.upsert(userId, token, platform, deps.clock.now());
    const evicted = deps.repos.pushTokens.evictBeyond(userId, MAX_PUSH_TOKENS_PER_USER);
    // Apps re-register on every start: only a new device or a changed platform is an event.
    if (!before || before.platform !== platform || evicted > 0) {
      recordActivity(
        deps,
        userId,
        'push_token_registered',
        { id: row.id, platform, new: !before, evicted },
        ctx,
      );
    }
    return view(row);
  })();
}

/** Removes the caller's row for `token`, if any; another user's identical token is never touched. */
export function unregisterPushToken(deps: Deps, userId: number, token: string, ctx: RequestContext): void {
  deps.db.transaction(() => {
    const row = deps.repos.pushTokens.byUserToken(userId, token);
    if (row && deps.repos.pushTokens.deleteForUserById(userId, row.id) > 0) {
      recordActivity(deps, userId, 'push_token_removed', { id: row.id, platform: row.platform }, ctx);
    }
  })();
}

export function listPushTokens(deps: Deps, userId: number): PushTokenListItem[] {
  return deps.repos.pushTokens
    .forUser(userId)
    .map((row) => ({ ...view(row), token_preview: tokenPreview(row.token) }));
}

export function deletePushToken(deps: Deps, userId: number, id: number, ctx: RequestContext): void {
  deps.db.transaction(() => {
    const row = deps.repos.pushTokens.forUser(userId).find((r) => r.id === id);
    if (!row) throw notFound();
    deps.repos.pushTokens.deleteForUserById(userId, id);
    recordActivity(deps, userId, 'push_token_removed', { id, platform: row.platform }, ctx);
  })();
}
