import { initial } from './0001-initial.js';
import { keepDeletedUsersActivity } from './0002-keep-deleted-users-activity.js';
import { passkeys } from './0003-passkeys.js';
import { liveEvents } from './0004-live-events.js';
import type { Migration } from './types.js';

/** Every migration, in order. Append only. */
export const migrations: readonly Migration[] = [initial, keepDeletedUsersActivity, passkeys, liveEvents];
