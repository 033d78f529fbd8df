import {
  CHECKUP_LIMITS,
  type CheckupFinding,
  type OverviewStaleKey,
  type OverviewUser,
  type SecurityCheckup,
  type SecurityOverview,
} from '../../shared/checkup.js';
import { createUserSummariesRepo, type UserSummaryRow } from '../db/repos/user-summaries.js';
import type { UserRow } from '../db/repos/users.js';
import type { Deps } from './deps.js';

const DAY = 24 * 60 * 60 * 1000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const deviceName = (device: string) => device || 'Unknown device';
const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

type Finding = Omit<CheckupFinding, 'target_id' | 'target_label'> &
  Partial<Pick<CheckupFinding, 'target_id' | 'target_label'>>;

/** Why a key is stale: `*` scope, or unused (never used: since creation) for 90 days. */
export function staleKeyReasons(
  key: { scopes: string; created_at: number; last_used_at: number | null },
  now: number,
): Array<'wildcard_scope' | 'unused'> {
  const reasons: Array<'wildcard_scope' | 'unused'> = [];
  if ((JSON.parse(key.scopes) as string[]).includes('*')) reasons.push('wildcard_scope');
  if ((key.last_used_at ?? key.created_at) < now - CHECKUP_LIMITS.keyUnusedDays * DAY) reasons.push('unused');
  return reasons;
}

function findingsFor(
  deps: Deps,
  user: UserRow,
  now: number,
): { findings: Finding[]; backup: number | null; twoFactor: boolean } {
  const { repos } = deps;
  const findings: Finding[] = [];
  const twoFactor = repos.totpDevices.forUser(user.id) !== undefined;
  let backup: number | null = null;
  if (!twoFactor) {
    findings.push({
      id: 'two_factor_off',
      severity: 'high',
      penalty: 30,
      detail: 'Two-factor authentication is off.',
      fix: 'enable_two_factor',
    });
  } else {
    backup = repos.backupCodes.countUnused(user.id);
    if (backup <= CHECKUP_LIMITS.backupCodesLow) {
      findings.push({
        id: 'backup_codes_low',
        severity: 'medium',
        penalty: 10,
        detail: `Only ${backup} backup code${backup === 1 ? '' : 's'} left.`,
        fix: 'regenerate_backup_codes',
      });
    }
  }
  if (user.password_hash !== null) {
    if (user.password_strength === null) {
      findings.push({
        id: 'password_strength_unknown',
        severity: 'low',
        penalty: 5,
        detail: 'This password was set before Userdesk kept a strength score; changing it once records one.',
        fix: 'change_password',
      });
    } else if (user.password_strength < CHECKUP_LIMITS.passwordStrongScore) {
      findings.push({
        id: 'password_weak',
        severity: 'high',
        penalty: 20,
        detail: `The password was weak when it was set (strength ${user.password_strength} of 4).`,
        fix: 'change_password',
      });
    }
  }
  for (const key of repos.personalApiKeys.forUser(user.id)) {
    const reasons = staleKeyReasons(key, now);
    const target = { target_id: key.id, target_label: key.label };
    if (reasons.includes('wildcard_scope')) {
      findings.push({
        id: 'api_key_wildcard_scope',
        severity: 'medium',
        penalty: 10,
        detail: `The key "${key.label}" has every scope (*).`,
        fix: 'edit_api_key_scopes',
        ...target,
      });
    }
    if (reasons.includes('unused')) {
      findings.push({
        id: 'api_key_unused',
        severity: 'low',
        penalty: 5,
        detail: `The key "${key.label}" has not been used for ${CHECKUP_LIMITS.keyUnusedDays} days.`,
        fix: 'delete_api_key',
        ...target,
      });
    }
  }
  for (const session of repos.sessions.activeForUser(user.id, now)) {
    if (session.last_activity_at >= now - CHECKUP_LIMITS.sessionIdleDays * DAY) continue;
    findings.push({
      id: 'session_idle',
      severity: 'low',
      penalty: 5,
      detail: `A session (${deviceName(session.device)}) has been idle for ${CHECKUP_LIMITS.sessionIdleDays} days.`,
      fix: 'revoke_session',
      target_id: String(session.id),
      target_label: deviceName(session.device),
    });
  }
  const pending = repos.pendingEmailChanges.forUser(user.id);
  if (pending && pending.expires_at > now) {
    findings.push({
      id: 'email_change_pending',
      severity: 'low',
      penalty: 5,
      detail: 'An email change is waiting for confirmation.',
      fix: 'cancel_email_change',
    });
  }
  return { findings, backup, twoFactor };
}

/** The checkup of one account: 100 minus each finding's penalty (never below 0). */
export function securityCheckup(deps: Deps, user: UserRow): SecurityCheckup {
  const now = deps.clock.now();
  const { findings, backup, twoFactor } = findingsFor(deps, user, now);
  const sorted = findings
    .map((f) => ({ target_id: null, target_label: null, ...f }))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const score = Math.max(0, 100 - sorted.reduce((sum, f) => sum + f.penalty, 0));
  return {
    score,
    findings: sorted,
    two_factor_enabled: twoFactor,
    backup_codes_remaining: backup,
    password_strength: user.password_hash === null ? null : user.password_strength,
    checked_at: new Date(now).toISOString(),
  };
}

function overviewUser(row: UserSummaryRow, staleKeys: number): OverviewUser {
  return {
    uuid: row.uuid,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    is_staff: row.is_staff === 1,
    is_active: row.is_active === 1,
    two_factor_enabled: row.two_factor === 1,
    stale_key_count: staleKeys,
  };
}

/** The admin overview (staff only; the route checks). */
export function securityOverview(deps: Deps): SecurityOverview {
  const now = deps.clock.now();
  const summaries = createUserSummariesRepo(deps.db);
  const staleKeys: OverviewStaleKey[] = [];
  const perUser = new Map<string, number>();
  for (const key of summaries.keys()) {
    const reasons = staleKeyReasons(key, now);
    if (reasons.length === 0) continue;
    perUser.set(key.user_uuid, (perUser.get(key.user_uuid) ?? 0) + 1);
    staleKeys.push({
      user_uuid: key.user_uuid,
      user_email: key.user_email,
      id: key.id,
      label: key.label,
      mask_value: key.mask_value,
      scopes: JSON.parse(key.scopes) as string[],
      created_at: new Date(key.created_at).toISOString(),
      last_used_at: iso(key.last_used_at),
      reasons,
    });
  }
  const users = summaries.all(now).map((row) => overviewUser(row, perUser.get(row.uuid) ?? 0));
  const withTwoFactor = users.filter((u) => u.two_factor_enabled).length;
  return {
    users_total: users.length,
    with_two_factor: withTwoFactor,
    without_two_factor: users.length - withTwoFactor,
    staff_total: users.filter((u) => u.is_staff).length,
    staff_without_two_factor: users.filter((u) => u.is_staff && !u.two_factor_enabled),
    stale_keys: staleKeys,
    users,
    checked_at: new Date(now).toISOString(),
  };
}
