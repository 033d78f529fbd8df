import { API_KEY_SCOPES } from '../../shared/scopes.js';
import { ApiError, Messages, notFound, validationError } from '../../shared/errors.js';
import type { PersonalApiKeyRow } from '../db/repos/personal-api-keys.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
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
  return deps.repos.personalApiKeys.forUser(userId).map(viewKey);
}

function ownKey(deps: Deps, userId: number, id: string): PersonalApiKeyRow {
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

/** The key's row and owner for an `Authorization: Bearer phx_…` value, else the contract's 401. */
export function authenticateKey(deps: Deps, raw: string): { key: PersonalApiKeyRow; user: UserRow } {
  const invalid = () =>
    new ApiError(401, 'authentication_error', 'authentication_failed', Messages.keyInvalid);
  if (!raw.startsWith('phx_') || raw.length > 200) throw invalid();
  const key = deps.repos.personalApiKeys.bySecureValue(secureValueOf(raw));
  const user = key && deps.repos.users.byId(key.user_id);
  if (!key || !user) throw invalid();
  const now = deps.clock.now();
  if (key.last_used_at === null || now - key.last_used_at >= LAST_USED_RESOLUTION_MS) {
    deps.repos.personalApiKeys.touch(key.id, now);
    key.last_used_at = now;
  }
  return { key, user };
}
