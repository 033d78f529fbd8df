/**
 * Two-factor state of a user once enrolled (users-api.md §4 rows 12–14, §5): status, new backup
 * codes, disable; plus the sealing of TOTP secrets shared by enrolment and login.
 * Enrolment is in two-factor-setup.ts, the login second step in two-factor-login.ts.
 */
import { permissionDenied, validationError } from '../../shared/errors.js';
import { type TwoFactorStatus, TwoFactorMessages, BACKUP_CODES_LOW } from '../../shared/two-factor.js';
import type { TotpDeviceRow } from '../db/repos/totp-devices.js';
import type { UserRow } from '../db/repos/users.js';
import { recordActivity } from './audit.js';
import { generateBackupCodes, hashBackupCode } from './backup-codes.js';
import type { Deps, RequestContext } from './deps.js';
import { notifySecurityEvent } from './notify.js';
import { resetSecondFactorFailures } from './second-factor-guard.js';
import { open, seal } from './secret-box.js';
import { hasVerifiedPasskey, passkeysUsableFor2fa } from './passkeys/factors.js';

/** AAD binding a device's sealed secret to its user: a row copied to another user will not open. */
export const deviceSecretAad = (userId: number) => `totp:${userId}`;
/** AAD binding a pending secret to the session that started the enrolment. */
export const pendingSecretAad = (sessionId: number) => `totp-pending:${sessionId}`;

/** Seals or opens with the data key, wiping the key copy afterwards. */
export function withDataKey<T>(deps: Pick<Deps, 'dataKey'>, use: (key: Buffer) => T): T {
  const key = deps.dataKey.getKey();
  try {
    return use(key);
  } finally {
    key.fill(0);
  }
}

export function sealSecret(deps: Pick<Deps, 'dataKey'>, secret: string, aad: string): string {
  return withDataKey(deps, (key) => seal(key, secret, aad));
}

export function openSecret(deps: Pick<Deps, 'dataKey'>, sealed: string, aad: string): string {
  return withDataKey(deps, (key) => open(key, sealed, aad));
}

export function openDeviceSecret(deps: Pick<Deps, 'dataKey'>, device: TotpDeviceRow): string {
  return openSecret(deps, device.secret_sealed, deviceSecretAad(device.user_id));
}

const when = (deps: Pick<Deps, 'clock'>) => new Date(deps.clock.now()).toUTCString();

/** The notifications of security.md 15; never a code or a secret in them. */
export const twoFactorNotices = {
  enabled: (deps: Deps, user: UserRow) =>
    notifySecurityEvent(
      deps,
      user,
      'Two-factor authentication turned on',
      `Two-factor authentication was turned on for your Userdesk account on ${when(deps)}. ` +
        'Your other signed-in sessions were signed out.',
    ),
  disabled: (deps: Deps, user: UserRow, byStaff: boolean) =>
    notifySecurityEvent(
      deps,
      user,
      'Two-factor authentication turned off',
      `Two-factor authentication was turned off for your Userdesk account on ${when(deps)}` +
        (byStaff ? ' by an administrator.' : '.') +
        ' Your authenticator and backup codes no longer work; you can set them up again at any time.',
    ),
  failedAttempt: (deps: Deps, user: UserRow) =>
    notifySecurityEvent(
      deps,
      user,
      'A wrong two-factor code was entered',
      `Someone entered your Userdesk password and then a wrong two-factor code on ${when(deps)}. ` +
        'If this was not you, your password is known to someone else: change it now.',
    ),
  backupCodesGenerated: (deps: Deps, user: UserRow) =>
    notifySecurityEvent(
      deps,
      user,
      'New two-factor backup codes',
      `A new set of backup codes was made for your Userdesk account on ${when(deps)}. ` +
        'Your earlier backup codes no longer work.',
    ),
  backupCodeUsed: (deps: Deps, user: UserRow, remaining: number) =>
    notifySecurityEvent(
      deps,
      user,
      'A backup code was used to sign in',
      `A backup code was used to sign in to your Userdesk account on ${when(deps)}. ` +
        (remaining === 1 ? '1 unused backup code remains.' : `${remaining} unused backup codes remain.`) +
        (remaining <= BACKUP_CODES_LOW ? ' Make a new set soon so you are not locked out.' : ''),
    ),
  replay: (deps: Deps, user: UserRow) =>
    notifySecurityEvent(
      deps,
      user,
      'An authenticator code was used twice',
      `Someone tried to sign in to your Userdesk account on ${when(deps)} with an authenticator code ` +
        'that had already been used. It was refused. If it was not you, your password may be known to someone else.',
    ),
};

/** GET …/two_factor_status/: `has_passkeys` counts verified ones; `method` prefers TOTP, as PostHog. */
export function twoFactorStatus(deps: Pick<Deps, 'repos'>, user: UserRow): TwoFactorStatus {
  const hasTotp = deps.repos.totpDevices.forUser(user.id) !== undefined;
  const passkeys = passkeysUsableFor2fa(deps, user);
  return {
    is_enabled: hasTotp || passkeys,
    method: hasTotp ? 'TOTP' : passkeys ? 'passkey' : null,
    has_totp: hasTotp,
    has_passkeys: hasVerifiedPasskey(deps, user.id),
    passkeys_enabled_for_2fa: user.passkeys_enabled_for_2fa === 1,
    backup_codes_remaining: deps.repos.backupCodes.countUnused(user.id),
  };
}

/**
 * POST …/two_factor_backup_codes/: ten new codes replace the whole old set (security.md 10). The
 * codes are returned this once and stored only as salted scrypt hashes. Only for the caller: a
 * staff member must not learn someone else's codes.
 */
export async function regenerateBackupCodes(
  deps: Deps,
  actor: UserRow,
  target: UserRow,
  ctx: RequestContext,
): Promise<string[]> {
  if (actor.id !== target.id) throw permissionDenied(TwoFactorMessages.backupCodesSelfOnly);
  const requireDevice = () => {
    if (!deps.repos.totpDevices.forUser(target.id)) {
      throw validationError('2fa_not_enabled', TwoFactorMessages.notEnabled);
    }
  };
  requireDevice();
  const codes = generateBackupCodes((n) => deps.random.bytes(n));
  const hashes = await Promise.all(codes.map((code) => hashBackupCode(code, (n) => deps.random.bytes(n))));
  // 2FA may have been disabled while the hashes were computed.
  deps.db.transaction(() => {
    requireDevice();
    deps.repos.backupCodes.replaceAll(target.id, hashes, deps.clock.now());
  })();
  recordActivity(deps, target.id, 'backup_codes_generated', { count: codes.length }, ctx);
  twoFactorNotices.backupCodesGenerated(deps, target);
  return codes;
}

/**
 * POST …/two_factor_disable/: removes the authenticator and every backup code, and forgives the
 * second-factor failures (so it is also how an administrator unlocks a user). Idempotent: nothing
 * to remove is still a success, without an event or a notification.
 */
export function disableTwoFactor(deps: Deps, actor: UserRow, target: UserRow, ctx: RequestContext): void {
  const removed = deps.db.transaction(() => {
    const devices = deps.repos.totpDevices.delete(target.id);
    const codes = deps.repos.backupCodes.deleteAll(target.id);
    resetSecondFactorFailures(deps, target.id);
    return devices + codes;
  })();
  if (removed === 0) return;
  const byStaff = actor.id !== target.id;
  recordActivity(deps, target.id, 'two_factor_disabled', byStaff ? { by_user: actor.uuid } : {}, ctx);
  twoFactorNotices.disabled(deps, target, byStaff);
}
