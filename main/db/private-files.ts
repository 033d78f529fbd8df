import { chmodSync, closeSync, fchmodSync, lstatSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

const POSIX = process.platform !== 'win32';

/** A repair made by `makePrivate`, e.g. `userdesk.db 0644→0600`. */
export type Repair = string;

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/** chmods `file` to `wanted` when it exists with any group/other bit; returns the repair or null. */
function tighten(file: string, wanted: number): Repair | null {
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // A symlink is not followed: chmod would change the target, which may be anyone's file.
  if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) return null;
  chmodSync(file, wanted);
  return `${path.basename(file)} ${octal(stat.mode)}→${octal(wanted)}`;
}

/**
 * security.md 24: makes `dir` (created if missing) 0700 and each of `files` in it that exists 0600.
 * A folder made by the user or an installer is often 0755 and files copied in keep 0644 under
 * umask 022, so modes are checked every time, not only on creation. Returns the repairs made
 * (empty when everything was already private) for the caller to log once.
 */
export function makePrivate(dir: string, files: readonly string[]): Repair[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!POSIX) return [];
  const repairs: Repair[] = [];
  const folder = tighten(dir, 0o700);
  if (folder) repairs.push(`folder ${dir} ${folder.slice(path.basename(dir).length + 1)}`);
  for (const name of files) {
    const repair = tighten(path.join(dir, name), 0o600);
    if (repair) repairs.push(repair);
  }
  return repairs;
}

/** The one log line for a set of repairs (none when nothing was repaired). */
export function repairLine(repairs: Repair[]): string | null {
  return repairs.length === 0
    ? null
    : `file permissions: made private what others could read: ${repairs.join(', ')}. ` +
        'If other users could read these files, treat their secrets as exposed.';
}

/**
 * Creates `file` empty with mode 0600 if it does not exist, so a file another library creates
 * (SQLite's database, a backup copy) never exists with the umask's wider mode, not even briefly.
 */
export function createPrivateFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    if (POSIX) fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}
