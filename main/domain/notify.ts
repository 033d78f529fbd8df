import type { UserRow } from '../db/repos/users.js';
import type { Deps } from './deps.js';

type NotifyDeps = Pick<Deps, 'mailer' | 'log'>;

const FOOTER =
  "If this wasn't you, sign in to Userdesk, change your password and review your account's security activity.";

/**
 * Mails `text` to `to` when a transport is configured; never waits and never throws: a notification
 * must not fail (or slow) the action it reports. Failures go to the log, without the message text.
 * Callers record the activity event themselves — that log is kept whether or not mail is set up.
 */
export function notifyAddress(deps: NotifyDeps, to: string, subject: string, text: string): void {
  let mailer;
  try {
    mailer = deps.mailer();
  } catch (error) {
    deps.log(`mail: no transport for a security notification: ${(error as Error).message}`);
    return;
  }
  if (!mailer) return;
  mailer
    .send({ to, subject, text: `${text}\n\n${FOOTER}\n` })
    .catch((error: unknown) =>
      deps.log(
        `mail: could not send the "${subject}" notification: ${(error as Error)?.message ?? String(error)}`,
      ),
    );
}

/**
 * Tells a user about a security event on their account (2FA, password, email, backup codes).
 * `text` must never carry a secret, a code or a password (ASVS 5.0 16.3.1): say what happened and when.
 */
export function notifySecurityEvent(deps: NotifyDeps, user: UserRow, subject: string, text: string): void {
  notifyAddress(deps, user.email, subject, text);
}
