import { NON_SENSITIVE_USER_FIELDS, NOTIFICATION_DEFAULTS } from '../../shared/enums.js';
import { conflictError, Messages, notFound, permissionDenied, validationError } from '../../shared/errors.js';
import type { UserUpdate as UserUpdateBody } from '../../shared/user.js';
import type { UserRow, UserUpdate as UserColumns } from '../db/repos/users.js';
import { assertEmailAvailable, assertPasswordAcceptable } from './accounts.js';
import { actedBy, recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { startEmailChange } from './email-change.js';
import { notifySecurityEvent } from './notify.js';
import { hasVerifiedPasskey } from './passkeys/factors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { consume } from './throttle.js';

/** Who asks for a change: a signed-in session (with its id) or a personal API key. */
export interface Actor {
  user: UserRow;
  via: 'session' | 'key';
  sessionId?: number;
}

/**
 * The recently-authenticated gate of users-api.md §2: a PATCH whose keys are all preferences is
 * exempt; anything else (and every PUT) is sensitive. Raw body keys count, unknown ones included,
 * so a body cannot smuggle a sensitive change past the gate by adding noise.
 */
export function isSensitiveUpdate(method: 'PATCH' | 'PUT', bodyKeys: readonly string[]): boolean {
  if (method === 'PUT') return true;
  return !bodyKeys.every((k) => (NON_SENSITIVE_USER_FIELDS as readonly string[]).includes(k));
}

/** Any non-GET request carrying `current_password`: 5 per minute per user (users-api.md §2). */
export function consumeCurrentPasswordAttempt(deps: Pick<Deps, 'repos' | 'clock'>, userId: number): void {
  consume(deps, `current_password:${userId}`, 5, 60_000);
}

const notificationError = (detail: string) =>
  validationError('invalid_input', detail, 'notification_settings');

/**
 * Validates `input` against the known notification keys and merges it over what the user saved:
 * dict-valued keys merge id by id, the rest replace. Only the user's own choices are stored; the
 * defaults are applied on read, so a later default change reaches users who never chose.
 */
export function mergeNotificationSettings(stored: string, input: Record<string, unknown>): string {
  const saved = JSON.parse(stored) as Record<string, unknown>;
  const defaults = NOTIFICATION_DEFAULTS as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(defaults, key)) {
      throw notificationError(`Key ${key} is not valid as a key for notification settings`);
    }
    const expected = defaults[key];
    if (typeof expected === 'object') {
      const valid =
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value).every((v) => typeof v === 'boolean');
      if (!valid) throw notificationError(`Notification setting ${key} must map ids to true or false.`);
      saved[key] = { ...((saved[key] as object | undefined) ?? {}), ...value };
    } else if (typeof expected === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
        throw notificationError(`Notification setting ${key} must be a number between 0 and 1.`);
      }
      saved[key] = value;
    } else {
      if (typeof value !== 'boolean')
        throw notificationError(`Notification setting ${key} must be true or false.`);
      saved[key] = value;
    }
  }
  return JSON.stringify(saved);
}

const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
const jsonOrNull = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** set_current_organization / set_current_team → the columns, or the contract's does_not_exist. */
function currentContext(deps: Deps, user: UserRow, input: UserUpdateBody): UserColumns {
  const changes: UserColumns = {};
  const { repos } = deps;
  if (input.set_current_organization !== undefined) {
    const value = input.set_current_organization;
    const org = repos.organizations.byUuid(String(value).toLowerCase());
    if (!org || !repos.memberships.find(org.id, user.id)) {
      throw validationError('does_not_exist', Messages.doesNotExist(value), 'set_current_organization');
    }
    changes.current_organization_id = org.id;
    changes.current_team_id = repos.teams.forOrganization(org.id)[0]?.id ?? null;
  }
  if (input.set_current_team !== undefined) {
    const value = input.set_current_team;
    const team = /^\d{1,15}$/.test(String(value)) ? repos.teams.byId(Number(value)) : undefined;
    if (!team || !repos.memberships.find(team.organization_id, user.id)) {
      throw validationError('does_not_exist', Messages.doesNotExist(value), 'set_current_team');
    }
    changes.current_team_id = team.id;
    changes.current_organization_id = team.organization_id;
  }
  return changes;
}

/** The contract's password-change rules (§3), in PostHog's order; returns the new hash. */
async function newPasswordHash(
  target: UserRow,
  input: UserUpdateBody,
): Promise<{ hash: string; strength: number }> {
  const password = input.password!;
  if (password === '') throw validationError('blank', Messages.blank, 'password');
  if (target.password_hash !== null) {
    if (!input.current_password) {
      throw validationError('required', Messages.currentPasswordRequired, 'current_password');
    }
    if (!(await verifyPassword(input.current_password, target.password_hash))) {
      throw validationError('incorrect_password', Messages.currentPasswordIncorrect, 'current_password');
    }
  }
  const strength = await assertPasswordAcceptable(password, [
    target.email,
    target.first_name,
    target.last_name,
  ]);
  return { hash: await hashPassword(password), strength };
}

/**
 * The column changes `input` asks for, computed from `target` as it is now. Pure reads and checks:
 * run once before any await (so every check precedes any write) and again on the row re-read inside
 * the writing transaction, so a change that landed while scrypt ran is not overwritten (security.md 32).
 */
function planChanges(
  deps: Deps,
  actor: Actor,
  target: UserRow,
  input: UserUpdateBody,
): { changes: UserColumns; staffChange: boolean; passkeys2faChanged: boolean; passkeys2faOn: boolean } {
  const { repos } = deps;
  const changes: UserColumns = {};
  if (input.notification_settings !== undefined) {
    changes.notification_settings = mergeNotificationSettings(
      target.notification_settings,
      input.notification_settings,
    );
  }
  if (input.passkeys_enabled_for_2fa === true && !hasVerifiedPasskey(deps, target.id)) {
    throw validationError('no_passkeys', Messages.noPasskeys, 'passkeys_enabled_for_2fa');
  }
  // Turning passkeys on as a second factor ends the other sessions, as PostHog does: they were
  // signed in without it.
  const passkeys2faOn = input.passkeys_enabled_for_2fa === true && target.passkeys_enabled_for_2fa !== 1;
  const passkeys2faChanged =
    input.passkeys_enabled_for_2fa !== undefined &&
    (input.passkeys_enabled_for_2fa ? 1 : 0) !== (target.passkeys_enabled_for_2fa ?? 0);
  Object.assign(changes, currentContext(deps, target, input));
  if (input.first_name !== undefined) changes.first_name = input.first_name.trim();
  if (input.last_name !== undefined) changes.last_name = input.last_name.trim();
  if (input.anonymize_data !== undefined) changes.anonymize_data = bit(input.anonymize_data);
  if (input.allow_sidebar_suggestions !== undefined)
    changes.allow_sidebar_suggestions = bit(input.allow_sidebar_suggestions);
  if (input.passkeys_enabled_for_2fa !== undefined)
    changes.passkeys_enabled_for_2fa = bit(input.passkeys_enabled_for_2fa);
  if (input.allow_impersonation !== undefined) changes.allow_impersonation = bit(input.allow_impersonation);
  if (input.hide_mcp_hints !== undefined) changes.hide_mcp_hints = input.hide_mcp_hints ? 1 : 0;
  if (input.toolbar_mode !== undefined) changes.toolbar_mode = input.toolbar_mode;
  if (input.theme_mode !== undefined) changes.theme_mode = input.theme_mode;
  if (input.shortcut_position !== undefined) changes.shortcut_position = input.shortcut_position;
  if (input.role_at_organization !== undefined) changes.role_at_organization = input.role_at_organization;
  if (input.events_column_config !== undefined)
    changes.events_column_config = JSON.stringify(input.events_column_config);
  if (input.has_seen_product_intro_for !== undefined) {
    changes.has_seen_product_intro_for = jsonOrNull(input.has_seen_product_intro_for);
  }
  if (input.hedgehog_config !== undefined) changes.hedgehog_config = jsonOrNull(input.hedgehog_config);

  const staffChange = input.is_staff !== undefined && (input.is_staff ? 1 : 0) !== target.is_staff;
  if (staffChange) {
    // security.md 26: who is staff changes only from the window, with a recent login; a staff key
    // (a script, a leaked token) can never grant or remove it.
    if (actor.via === 'key') throw permissionDenied(Messages.staffFromAppOnly);
    // Demoting the last staff user would leave nobody able to administer this install.
    if (!input.is_staff && repos.users.countStaff() <= 1) throw conflictError(Messages.lastStaffUser);
    changes.is_staff = input.is_staff ? 1 : 0;
  }

  return { changes, staffChange, passkeys2faChanged, passkeys2faOn };
}

/**
 * PATCH / PUT of a user (users-api.md §3). Validation that needs the database happens here, every
 * check before any write; the password change revokes the target's other sessions; an email change
 * goes through a mailed code when a transport exists.
 */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  target: UserRow,
  input: UserUpdateBody,
  ctx: RequestContext,
): Promise<UserRow> {
  const { repos } = deps;
  if (input.is_staff !== undefined && actor.user.is_staff !== 1) throw permissionDenied(Messages.notStaff);
  const emailChanges = input.email !== undefined && input.email.trim() !== target.email;
  if (actor.via === 'key' && (input.password !== undefined || emailChanges)) {
    throw permissionDenied(Messages.credentialsFromAppOnly);
  }
  const newEmail = input.email?.trim();
  if (emailChanges) assertEmailAvailable(deps, newEmail!, target.id);

  planChanges(deps, actor, target, input);

  const newPassword = input.password !== undefined ? await newPasswordHash(target, input) : undefined;
  const passwordHash = newPassword?.hash;

  deps.db.transaction(() => {
    // Re-read: another request may have written this row while the password was hashing.
    const fresh = repos.users.byId(target.id);
    if (!fresh) throw notFound();
    if (passwordHash !== undefined && fresh.password_hash !== target.password_hash) {
      // A parallel password change won: the current password checked above is no longer current.
      throw validationError('incorrect_password', Messages.currentPasswordIncorrect, 'current_password');
    }
    const { changes, staffChange, passkeys2faChanged, passkeys2faOn } = planChanges(
      deps,
      actor,
      fresh,
      input,
    );
    if (newPassword !== undefined) {
      changes.password_hash = newPassword.hash;
      // The strength score, for the security checkup: never the password.
      changes.password_strength = newPassword.strength;
      changes.password_changed_at = deps.clock.now();
    }
    repos.users.update(target.id, changes);
    if (staffChange) {
      recordActivity(
        deps,
        target.id,
        'staff_changed',
        { is_staff: !!input.is_staff, ...actedBy(deps, actor.user.id, target.id) },
        ctx,
      );
    }
    if (passkeys2faChanged) {
      const revoked = !passkeys2faOn
        ? 0
        : actor.via === 'session' && actor.user.id === target.id && actor.sessionId !== undefined
          ? repos.sessions.deleteOthers(target.id, actor.sessionId)
          : repos.sessions.deleteAllForUser(target.id);
      recordActivity(
        deps,
        target.id,
        'passkeys_2fa_changed',
        { enabled: passkeys2faOn, ...actedBy(deps, actor.user.id, target.id), sessions_revoked: revoked },
        ctx,
      );
    }
    if (passwordHash !== undefined) {
      // ASVS 5.0 7.4.3: a new password ends every other session (the caller's own survives).
      const revoked =
        actor.via === 'session' && actor.user.id === target.id && actor.sessionId !== undefined
          ? repos.sessions.deleteOthers(target.id, actor.sessionId)
          : repos.sessions.deleteAllForUser(target.id);
      recordActivity(
        deps,
        target.id,
        'password_changed',
        { ...actedBy(deps, actor.user.id, target.id), sessions_revoked: revoked },
        ctx,
      );
    }
  })();
  if (passwordHash !== undefined) {
    notifySecurityEvent(
      deps,
      target,
      'Your Userdesk password was changed',
      `The password of your Userdesk account ${target.email} was changed on ` +
        `${new Date(deps.clock.now()).toUTCString()}. Your other sessions were signed out.`,
    );
  }
  if (emailChanges) await startEmailChange(deps, repos.users.byId(target.id)!, newEmail!, ctx);
  return repos.users.byId(target.id)!;
}

/** GET …/hedgehog_config/: what was stored, or `{}`. */
export function hedgehogConfigOf(user: UserRow): unknown {
  return user.hedgehog_config === null ? {} : (JSON.parse(user.hedgehog_config) ?? {});
}

/** PATCH …/hedgehog_config/: stored verbatim. */
export function setHedgehogConfig(
  deps: Pick<Deps, 'repos'>,
  user: UserRow,
  config: Record<string, unknown>,
): unknown {
  deps.repos.users.update(user.id, { hedgehog_config: JSON.stringify(config) });
  return config;
}
