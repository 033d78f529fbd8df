import { CHECKUP_LIMITS } from '../../shared/checkup.js';
import type { ChangeEventRow } from '../db/repos/change-events.js';
import type { Deps } from './deps.js';

/**
 * Security events for the desktop shell to raise as OS notifications (issue 15 item 1), derived
 * from the change feed so they fire whichever process made the change (the CLI included).
 * Never a secret: what happened, to whom, when.
 */
export type SecurityEventType =
  'new_sign_in' | 'two_factor_disabled' | 'api_key_created' | 'backup_codes_low';

export interface SecurityEvent {
  type: SecurityEventType;
  user: { uuid: string; email: string };
  /** Unused backup codes left, for `backup_codes_low`; else null. */
  remaining: number | null;
  at: string;
}

function typeOf(row: ChangeEventRow): SecurityEventType | null {
  if (row.kind === 'sessions') {
    if (row.op === 'insert' && row.note === 'active') return 'new_sign_in';
    if (row.op === 'update' && row.note === 'pending_2fa>active') return 'new_sign_in';
  }
  if (row.kind === 'two_factor' && row.op === 'delete') return 'two_factor_disabled';
  if (row.kind === 'api_keys' && row.op === 'insert') return 'api_key_created';
  if (row.kind === 'backup_codes' && row.op === 'update' && row.note !== null) {
    if (Number(row.note) <= CHECKUP_LIMITS.backupCodesLow) return 'backup_codes_low';
  }
  return null;
}

/** The security events in a batch of feed rows, one per user and type. */
export function securityEventsOf(deps: Deps, rows: readonly ChangeEventRow[]): SecurityEvent[] {
  const seen = new Map<string, SecurityEvent>();
  for (const row of rows) {
    const type = typeOf(row);
    if (!type) continue;
    const user = deps.repos.users.byId(row.user_id);
    if (!user) continue;
    seen.set(`${row.user_id}:${type}`, {
      type,
      user: { uuid: user.uuid, email: user.email },
      remaining: type === 'backup_codes_low' ? Number(row.note) : null,
      at: new Date(row.created_at).toISOString(),
    });
  }
  return [...seen.values()];
}
