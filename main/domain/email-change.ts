import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { EMAIL_CHANGE_CODE_TTL_MS, EMAIL_CHANGE_MAX_ATTEMPTS } from '../../shared/email-change.js';
import { mailUnavailableError, Messages, validationError } from '../../shared/errors.js';
import type { UserRow } from '../db/repos/users.js';
import { assertEmailAvailable } from './accounts.js';
import { recordActivity } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { notifyAddress } from './notify.js';

/**
 * Email change (users-api.md §3). With a mail transport the new address must prove itself with a
 * 6-digit code (10 minutes, 5 tries); without one the change applies at once, as PostHog does.
 */

const CODE_RANGE = 1_000_000;
// The largest multiple of 10^6 below 2^32: values above it are redrawn, so every code is equally likely.
const UNBIASED_LIMIT = Math.floor(0x1_0000_0000 / CODE_RANGE) * CODE_RANGE;

function newCode(deps: Pick<Deps, 'random'>): string {
  for (;;) {
    const n = deps.random.bytes(4).readUInt32BE(0);
    if (n < UNBIASED_LIMIT) return String(n % CODE_RANGE).padStart(6, '0');
  }
}

/**
 * A keyed hash of the code: 10^6 codes are trivial to brute-force from a plain hash, so the key is
 * derived from the data key, which never sits in the database. Bound to the user and the address,
 * so a code can only ever promote the address it was sent to.
 */
function codeHash(deps: Pick<Deps, 'dataKey'>, userId: number, newEmail: string, code: string): string {
  const dataKey = deps.dataKey.getKey();
  const key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'userdesk email-change code v1', 32));
  dataKey.fill(0);
  const mac = createHmac('sha256', key).update(`${userId}\n${newEmail.toLowerCase()}\n${code}`).digest('hex');
  return `hmac-sha256$${mac}`;
}

const sameHash = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const invalidCode = () => validationError('invalid_code', Messages.emailCodeInvalid, 'code');

/** Ends a pending change without applying it: the code stops working at once. */
function voidPending(deps: Deps, userId: number): void {
  deps.db.transaction(() => {
    deps.repos.pendingEmailChanges.delete(userId);
    deps.repos.users.update(userId, { pending_email: null });
  })();
}

/**
 * Starts a change of `user`'s email to `newEmail` (already validated and known to be free).
 * Returns `applied` when it took effect at once (no transport, or a case-only change).
 */
export async function startEmailChange(
  deps: Deps,
  user: UserRow,
  newEmail: string,
  ctx: RequestContext,
): Promise<'applied' | 'pending'> {
  const mailer = deps.mailer();
  const caseOnly = newEmail.toLowerCase() === user.email.toLowerCase();
  if (!mailer || caseOnly) {
    deps.db.transaction(() => {
      // Checked again inside the write: the caller's check ran before a password hash yielded.
      assertEmailAvailable(deps, newEmail, user.id);
      deps.repos.pendingEmailChanges.delete(user.id);
      deps.repos.users.update(user.id, { email: newEmail, pending_email: null });
      recordActivity(deps, user.id, 'email_changed', { verified: false, case_only: caseOnly }, ctx);
    })();
    return 'applied';
  }
  const code = newCode(deps);
  const now = deps.clock.now();
  const codeHashValue = codeHash(deps, user.id, newEmail, code);
  deps.db.transaction(() => {
    deps.repos.pendingEmailChanges.replace({
      user_id: user.id,
      new_email: newEmail,
      code_hash: codeHashValue,
      created_at: now,
      expires_at: now + EMAIL_CHANGE_CODE_TTL_MS,
    });
    deps.repos.users.update(user.id, { pending_email: newEmail });
    recordActivity(deps, user.id, 'email_change_requested', { new_email: newEmail }, ctx);
  })();
  // Awaited, so the code is on its way when the answer says "pending". A code that cannot be
  // mailed is an error the caller sees (security.md 30): the request is withdrawn, not left waiting
  // for a mail that never comes.
  try {
    await mailer.send({
      to: newEmail,
      subject: 'Your Userdesk verification code',
      text:
        `Someone asked to use this address for the Userdesk account ${user.email}.\n\n` +
        `Your verification code is ${code}. It is valid for 10 minutes.\n\n` +
        'If you did not ask for this, ignore this message: nothing changes without the code.\n',
    });
  } catch (error) {
    deps.log(`mail: could not send an email-change code: ${(error as Error)?.message ?? String(error)}`);
    // Only this request's row: a newer request made meanwhile keeps its own code.
    if (deps.repos.pendingEmailChanges.forUser(user.id)?.code_hash === codeHashValue) {
      voidPending(deps, user.id);
    }
    throw mailUnavailableError();
  }
  return 'pending';
}

/** POST /api/users/verify_email/: promotes the pending address when `code` matches. */
export function verifyEmailChange(
  deps: Deps,
  uuid: string,
  rawCode: string | number,
  ctx: RequestContext,
): UserRow {
  // Spaces and dashes are how people copy codes; they carry no meaning.
  const code = String(rawCode).replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(code)) throw invalidCode();
  const user = deps.repos.users.byUuid(uuid.toLowerCase());
  const pending = user && deps.repos.pendingEmailChanges.forUser(user.id);
  if (!user || !pending) throw invalidCode();
  if (pending.expires_at <= deps.clock.now() || pending.attempts >= EMAIL_CHANGE_MAX_ATTEMPTS) {
    voidPending(deps, user.id);
    throw invalidCode();
  }
  if (!sameHash(codeHash(deps, user.id, pending.new_email, code), pending.code_hash)) {
    deps.repos.pendingEmailChanges.addAttempt(user.id);
    const used = pending.attempts + 1;
    recordActivity(deps, user.id, 'email_change_code_failed', { attempts: used }, ctx);
    // Five wrong codes end the request: 5 guesses in 10^6 is the whole budget an attacker gets.
    if (used >= EMAIL_CHANGE_MAX_ATTEMPTS) voidPending(deps, user.id);
    throw invalidCode();
  }
  const oldEmail = user.email;
  deps.db.transaction(() => {
    // The address may have been taken while the code was in the mail.
    assertEmailAvailable(deps, pending.new_email, user.id);
    deps.repos.users.update(user.id, { email: pending.new_email, pending_email: null, is_email_verified: 1 });
    deps.repos.pendingEmailChanges.delete(user.id);
    recordActivity(deps, user.id, 'email_changed', { verified: true }, ctx);
  })();
  const text = `The email address of your Userdesk account changed from ${oldEmail} to ${pending.new_email}.`;
  notifyAddress(deps, oldEmail, 'Your Userdesk email address was changed', text);
  notifyAddress(deps, pending.new_email, 'Your Userdesk email address was changed', text);
  return deps.repos.users.byId(user.id)!;
}

/** PATCH /api/users/cancel_email_change_request/. */
export function cancelEmailChange(deps: Deps, user: UserRow, ctx: RequestContext): UserRow {
  if (user.pending_email === null) {
    throw validationError('email_change_request_not_found', Messages.emailChangeNotFound);
  }
  deps.db.transaction(() => {
    voidPending(deps, user.id);
    recordActivity(deps, user.id, 'email_change_cancelled', {}, ctx);
  })();
  return deps.repos.users.byId(user.id)!;
}
