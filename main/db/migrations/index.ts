import { initial } from './0001-initial.js';
import { passkeys } from './0003-passkeys.js';
import type { Migration } from './types.js';

/** Every migration, in order. Append only. (0002 lands from another branch; the lead renumbers at merge.) */
export const migrations: readonly Migration[] = [initial, passkeys];
