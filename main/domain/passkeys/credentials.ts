import type { PasskeyCredential } from '../../../shared/passkeys.js';
import { PasskeyMessages } from '../../../shared/passkeys.js';
import type { AuthenticatorType, PasskeyRow } from '../../db/repos/passkeys.js';
import type { UserRow } from '../../db/repos/users.js';
import { recordActivity } from '../audit.js';
import type { Deps, RequestContext } from '../deps.js';
import { passkeyNotices } from './notices.js';
import { passkeyError } from './relying-party.js';

/** PostHog's rule (passkeys/utils.ts): internal without hybrid → platform; hybrid; usb/nfc/ble → hardware. */
export function authenticatorTypeOf(transports: readonly string[]): AuthenticatorType {
  if (transports.includes('hybrid')) return 'hybrid';
  if (transports.includes('internal')) return 'platform';
  if (transports.some((t) => t === 'usb' || t === 'nfc' || t === 'ble')) return 'hardware';
  return 'unknown';
}

export const transportsOf = (row: PasskeyRow): string[] => JSON.parse(row.transports) as string[];

const iso = (ms: number) => new Date(ms).toISOString();

/** Route 23's item: never the credential id or the key. */
export function viewPasskey(row: PasskeyRow): PasskeyCredential {
  return {
    id: row.id,
    label: row.label,
    created_at: iso(row.created_at),
    last_used_at: row.last_used_at === null ? null : iso(row.last_used_at),
    transports: transportsOf(row),
    verified: row.verified === 1,
    authenticator_type: row.authenticator_type,
  };
}

export const credentialNotFound = () => passkeyError('not_found', PasskeyMessages.notFound, 404);

export function ownPasskey(deps: Pick<Deps, 'repos'>, user: UserRow, id: string): PasskeyRow {
  const row = deps.repos.passkeys.byIdForUser(id, user.id);
  if (!row) throw credentialNotFound();
  return row;
}

export const listPasskeys = (deps: Pick<Deps, 'repos'>, user: UserRow) =>
  deps.repos.passkeys.forUser(user.id).map(viewPasskey);

export function renamePasskey(
  deps: Pick<Deps, 'repos' | 'clock'>,
  user: UserRow,
  id: string,
  label: string,
  ctx: RequestContext,
): PasskeyCredential {
  const row = ownPasskey(deps, user, id);
  deps.repos.passkeys.rename(row.id, user.id, label);
  recordActivity(deps, user.id, 'passkey_renamed', { label }, ctx);
  return viewPasskey({ ...row, label });
}

/** DELETE: the flag stays as it is; with no verified passkey left it simply stops counting. */
export function deletePasskey(deps: Deps, user: UserRow, id: string, ctx: RequestContext): void {
  const row = ownPasskey(deps, user, id);
  if (deps.repos.passkeys.delete(row.id, user.id) === 0) throw credentialNotFound();
  recordActivity(deps, user.id, 'passkey_removed', { label: row.label }, ctx);
  passkeyNotices.removed(deps, user, row.label);
}
