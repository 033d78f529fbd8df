import type { UserRow } from '../../db/repos/users.js';
import type { Deps } from '../deps.js';
import { notifySecurityEvent } from '../notify.js';

type NoticeDeps = Pick<Deps, 'mailer' | 'log' | 'clock'>;
const when = (deps: NoticeDeps) => new Date(deps.clock.now()).toUTCString();

/** Passkey mails (users-api.md §6): the label and the time, never a credential id. */
export const passkeyNotices = {
  added: (deps: NoticeDeps, user: UserRow, label: string) =>
    notifySecurityEvent(
      deps,
      user,
      'A passkey was added to your Userdesk account',
      `The passkey "${label}" was added to your Userdesk account ${user.email} on ${when(deps)}.`,
    ),
  removed: (deps: NoticeDeps, user: UserRow, label: string) =>
    notifySecurityEvent(
      deps,
      user,
      'A passkey was removed from your Userdesk account',
      `The passkey "${label}" was removed from your Userdesk account ${user.email} on ${when(deps)}.`,
    ),
  counterRegression: (deps: NoticeDeps, user: UserRow, label: string) =>
    notifySecurityEvent(
      deps,
      user,
      'A passkey may have been copied',
      `On ${when(deps)} your passkey "${label}" signed in with a counter that did not go up, which ` +
        'happens when an authenticator has been cloned. The sign-in was refused. Consider removing that passkey.',
    ),
};
