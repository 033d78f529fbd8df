import { API_KEY_SCOPES } from '../../shared/scopes.js';
import { ApiError, Messages, notFound, validationError } from '../../shared/errors.js';
import type { PersonalApiKeyRow } from '../db/repos/personal-api-keys.js';
import { recordActivity } from './audit.js';
import { keyCallerBySecureValue, type KeyCaller } from './caller-cache.js';
import type { Deps, RequestContext } from './deps.js';
import { NO_CONTEXT } from './deps.js';
import { randomBase62, sha256Hex, uuid4 } from './tokens.js';

/** `phx_` + 47 base62 characters ≈ 280 bits (security.md 16 asks for ≥ 128). */
const KEY_BODY_LENGTH = 47;
export const MAX_KEYS_PER_USER = 10;
const LAST_USED_RESOLUTION_MS = 60_000;

/** The list shape: never the raw value (users-api.md §4 row 17). */
export interface PersonalApiKeyView {
  id: string;
  label: string;
  mask_value: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  last_rolled_at: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const secureValueOf = (raw: string) => `sha256$${sha256Hex(raw)}`;

export function viewKey(row: PersonalApiKeyRow): PersonalApiKeyView {
  return {
    id: row.id,
    label: row.label,
    mask_value: row.mask_value,
    scopes: JSON.parse(row.scopes) as string[],
    created_at: iso(row.created_at)!,
    last_used_at: iso(row.last_used_at),
    last_rolled_at: iso(row.last_rolled_at),
  };
}

export function validateScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw validationError('required', 'At least one scope is required.', 'scopes');
  }
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !(API_KEY_SCOPES as readonly string[]).includes(scope)) {
      throw validationError('invalid_input', `Invalid scope: ${String(scope)}`, 'scopes');
    }
  }
  return [...new Set(scopes as string[])];
}

function mint(deps: Pick<Deps, 'random'>) {
  const value = `phx_${randomBase62(deps.random, KEY_BODY_LENGTH)}`;
  return { value, secure: secureValueOf(value), mask: `phx_…${value.slice(-4)}` };
}

/** Creates a key; the raw value is in the result and nowhere else, ever. */
export function createKey(
  deps: Deps,
  userId: number,
  label: string,
  scopes: unknown,
  ctx: RequestContext = NO_CONTEXT,
): { key: PersonalApiKeyView; value: string } {
  const cleanLabel = label.trim();
  if (!cleanLabel) throw validationError('blank', 'This field may not be blank.', 'label');
  if (cleanLabel.length > 40) {
    throw validationError('max_length', 'Ensure this field has no more than 40 characters.', 'label');
  }
  const validScopes = validateScopes(scopes);
  return deps.db.transaction(() => {
    if (deps.repos.personalApiKeys.countForUser(userId) >= MAX_KEYS_PER_USER) {
      throw validationError(
        'invalid_input', // PostHog's code for the 11th key; the detail says why.
        `You can have at most ${MAX_KEYS_PER_USER} personal API keys. Delete one to create another.`,
      );
    }
    const { value, secure, mask } = mint(deps);
    const id = uuid4(deps.random);
    deps.repos.personalApiKeys.insert({
      id,
      user_id: userId,
      label: cleanLabel,
      secure_value: secure,
      mask_value: mask,
      scopes: JSON.stringify(validScopes),
      created_at: deps.clock.now(),
    });
    recordActivity(
      deps,
      userId,
      'personal_api_key_created',
      { key: id, label: cleanLabel, scopes: validScopes },
      ctx,
    );
    return { key: viewKey(deps.repos.personalApiKeys.byId(id)!), value };
  })();
}

export function listKeys(deps: Deps, userId: number): PersonalApiKeyView[] {
  flushKeyUses(deps);
  return deps.repos.personalApiKeys.forUser(userId).map(viewKey);
}

function ownKey(deps: Deps, userId: number, id: string): PersonalApiKeyRow {
  // The answers show last_used_at: record pending uses first.
  flushKeyUses(deps);
  const row = deps.repos.personalApiKeys.byIdForUser(id, userId);
  if (!row) throw notFound();
  return row;
}

export function updateKey(
  deps: Deps,
  userId: number,
  id: string,
  changes: { label?: string; scopes?: unknown },
  ctx: RequestContext,
): PersonalApiKeyView {
  const row = ownKey(deps, userId, id);
  const label = changes.label === undefined ? row.label : changes.label.trim();
  if (!label) throw validationError('blank', 'This field may not be blank.', 'label');
  const scopes = changes.scopes === undefined ? JSON.parse(row.scopes) : validateScopes(changes.scopes);
  deps.repos.personalApiKeys.update(id, label, JSON.stringify(scopes));
  recordActivity(deps, userId, 'personal_api_key_updated', { key: id, label, scopes }, ctx);
  return viewKey(deps.repos.personalApiKeys.byId(id)!);
}

export function rollKey(deps: Deps, userId: number, id: string, ctx: RequestContext) {
  ownKey(deps, userId, id);
  const { value, secure, mask } = mint(deps);
  deps.repos.personalApiKeys.roll(id, secure, mask, deps.clock.now());
  recordActivity(deps, userId, 'personal_api_key_rolled', { key: id }, ctx);
  return { key: viewKey(deps.repos.personalApiKeys.byId(id)!), value };
}

export function deleteKey(deps: Deps, userId: number, id: string, ctx: RequestContext): void {
  const row = ownKey(deps, userId, id);
  deps.repos.personalApiKeys.delete(id);
  recordActivity(deps, userId, 'personal_api_key_deleted', { key: id, label: row.label }, ctx);
}

/**
 * The key's row, owner and scopes for an `Authorization: Bearer phx_…` value, else the contract's
 * 401. Served from the caller cache while the database is unchanged (keyCallerBySecureValue): the
 * rows are shared, read-only.
 */
export function authenticateKey(deps: Deps, raw: string): KeyCaller {
  const invalid = () =>
    new ApiError(401, 'authentication_error', 'authentication_failed', Messages.keyInvalid);
  if (!raw.startsWith('phx_') || raw.length > 200) throw invalid();
  const found = keyCallerBySecureValue(deps, secureValueOf(raw));
  if (!found) throw invalid();
  noteKeyUse(deps, found.key);
  return found;
}

/** How long uses are gathered before one transaction records them. */
export const KEY_USE_FLUSH_MS = 1_000;

interface PendingUse {
  at: Map<string, number>;
  timer: NodeJS.Timeout | null;
}
// Per connection, like the caches: the uses belong to the database they will be written to.
const pendingUses = new WeakMap<Deps['db'], PendingUse>();

/**
 * `last_used_at` at a minute's resolution, written off the response path: the use is remembered
 * here and written with every other pending one, in one transaction, a moment later (a synchronous
 * fsync'd write per key per minute used to sit inside a read). Still at most once a minute per key:
 * the pending value counts as the last use.
 */
function noteKeyUse(deps: Deps, key: PersonalApiKeyRow): void {
  let pending = pendingUses.get(deps.db);
  if (!pending) {
    pending = { at: new Map(), timer: null };
    pendingUses.set(deps.db, pending);
  }
  const now = deps.clock.now();
  const last = pending.at.get(key.id) ?? key.last_used_at;
  if (last !== null && now - last < LAST_USED_RESOLUTION_MS) return;
  pending.at.set(key.id, now);
  if (!pending.timer) {
    pending.timer = setTimeout(() => flushKeyUses(deps), KEY_USE_FLUSH_MS);
    pending.timer.unref();
  }
}

/** Writes the pending uses now: before keys are listed, and when the server closes. */
export function flushKeyUses(deps: Deps): void {
  const pending = pendingUses.get(deps.db);
  if (!pending || pending.at.size === 0) return;
  if (pending.timer) clearTimeout(pending.timer);
  pending.timer = null;
  const uses = [...pending.at];
  pending.at.clear();
  try {
    deps.db.transaction(() => {
      for (const [id, at] of uses) deps.repos.personalApiKeys.touch(id, at);
    })();
  } catch (error) {
    // A busy database (a long CLI transaction) costs a last-used time, never a request.
    deps.log(`last_used_at not recorded: ${(error as Error).message}`);
  }
}
