import Database from 'better-sqlite3';
import {
  chmodSync,
  mkdirSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { migrations } from '../db/migrations/index.js';
import { openDatabase } from '../db/open.js';
import { createPrivateFile, makePrivate, repairLine } from '../db/private-files.js';
import { DATA_KEY_ENV, DATA_KEY_FILE, SEALED_DATA_KEY_FILE } from '../domain/data-key.js';
import { UsageError } from './usage.js';

type Print = (human: string, data: unknown) => void;

export const DB_FILE = 'userdesk.db';
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** What a backup holds, read from the copy itself (so the numbers prove the copy, not the source). */
export interface BackupSummary {
  file: string;
  bytes: number;
  schema_version: number;
  users: number;
  personal_api_keys: number;
  totp_devices: number;
  push_tokens: number;
}

/**
 * `userdesk backup FILE` and `userdesk restore FILE` (issue 8 §5).
 *
 * Backup uses SQLite's online backup API (better-sqlite3 `db.backup()`), copying every page in one
 * step: under WAL that step is one read transaction, so the copy is a consistent snapshot even while
 * `userdesk serve` keeps writing, and the server is never blocked.
 *
 * Restore refuses while a live process owns the data dir (server.json naming a running pid, or a
 * database another connection still holds open), checks the file before touching anything, keeps
 * the current database as `userdesk.db.pre-restore-<time>`, and swaps the new one in by rename.
 */
export async function runBackupCommand(
  dataDir: string,
  words: string[],
  options: { force: boolean },
  print: Print,
): Promise<void> {
  const [command, target, extra] = words;
  if (!target || extra !== undefined) throw new UsageError(`Usage: userdesk ${command} FILE [--data-dir D]`);
  const file = path.resolve(target);
  // The CLI may be the first thing to touch a data dir since its modes were loosened (security.md 24).
  if (existsSync(dataDir)) {
    const line = repairLine(
      makePrivate(dataDir, [
        DB_FILE,
        ...SIDE_FILES.map((s) => `${DB_FILE}${s}`),
        DATA_KEY_FILE,
        SEALED_DATA_KEY_FILE,
        'server.json',
      ]),
    );
    if (line) process.stderr.write(`userdesk: ${line}\n`);
  }
  if (command === 'backup') {
    const summary = await backupDatabase(dataDir, file, { overwrite: options.force });
    print(
      `Backed up ${summary.users} users, ${summary.personal_api_keys} API keys and ${summary.totp_devices} ` +
        `two-factor devices to ${summary.file} (${summary.bytes} bytes).\n` +
        `The data key that protects two-factor secrets is not in this file (by design): keep ` +
        `${path.join(dataDir, DATA_KEY_FILE)} or the desktop app's keychain entry to restore them elsewhere.`,
      summary,
    );
    return;
  }
  const result = await restoreDatabase(dataDir, file);
  print(
    `Restored ${result.users} users, ${result.personal_api_keys} API keys and ${result.totp_devices} ` +
      `two-factor devices from ${file}.` +
      (result.previous ? `\nThe database it replaced is kept as ${result.previous}.` : '') +
      (result.warning ? `\nWarning: ${result.warning}` : ''),
    result,
  );
}

/** The database file of a data dir. */
export const databasePath = (dataDir: string) => path.join(dataDir, DB_FILE);

/**
 * Copies the data dir's database to `destination` (mode 0600: it holds password hashes), as one
 * self-contained file (rollback journal, no -wal beside it). The copy is written to a temporary
 * name, checked with `PRAGMA integrity_check`, fsynced and only then renamed into place.
 */
export async function backupDatabase(
  dataDir: string,
  destination: string,
  options: { overwrite?: boolean } = {},
): Promise<BackupSummary> {
  const source = databasePath(dataDir);
  if (!existsSync(source)) throw new UsageError(`No Userdesk database in ${dataDir}.`);
  if (!existsSync(path.dirname(destination))) {
    throw new UsageError(`The folder ${path.dirname(destination)} does not exist.`);
  }
  if (existsSync(destination) && !options.overwrite) {
    throw new UsageError(`${destination} already exists (pass --force to overwrite it).`);
  }
  if (path.resolve(destination) === path.resolve(source))
    throw new UsageError('Refusing to back up onto the database itself.');
  const temp = `${destination}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  // 0600 from the first byte (security.md 24): SQLite would create it with the umask's mode.
  createPrivateFile(temp);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step: one read transaction, hence one consistent snapshot. Smaller steps
    // would restart the copy whenever the running server commits in between.
    await db.backup(temp, { progress: () => 0x7fffffff });
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    chmodSync(temp, 0o600);
    const summary = finishCopy(temp);
    fsyncFile(temp);
    renameSync(temp, destination);
    fsyncDir(path.dirname(destination));
    return { ...summary, file: destination, bytes: statSync(destination).size };
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Turns a fresh copy into one standalone file and reads what it holds; throws if it is damaged. */
function finishCopy(file: string): Omit<BackupSummary, 'file' | 'bytes'> {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    return inspect(copy);
  } finally {
    copy.close();
  }
}

function inspect(db: Database.Database): Omit<BackupSummary, 'file' | 'bytes'> {
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') throw new Error(`The database copy is damaged: integrity_check said ${String(check)}.`);
  const count = (table: string) => {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    return exists ? (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
  };
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get()) {
    throw new UsageError('That file is not a Userdesk database (it has no users table).');
  }
  return {
    schema_version: db.pragma('user_version', { simple: true }) as number,
    users: count('users'),
    personal_api_keys: count('personal_api_keys'),
    totp_devices: count('totp_devices'),
    push_tokens: count('push_tokens'),
  };
}

/** True when `pid` names a running process (EPERM: it runs, as someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live server owning `dataDir` per its server.json, else null (a stale file is ignored). */
export function liveServerPid(dataDir: string): number | null {
  const info = path.join(dataDir, 'server.json');
  if (!existsSync(info)) return null;
  let pid: unknown;
  try {
    pid = (JSON.parse(readFileSync(info, 'utf8')) as { pid?: unknown }).pid;
  } catch {
    return null;
  }
  return typeof pid === 'number' && pid !== process.pid && processAlive(pid) ? pid : null;
}

export interface RestoreResult extends Omit<BackupSummary, 'file' | 'bytes'> {
  /** Where the replaced database went, or null when the data dir had none. */
  previous: string | null;
  warning: string | null;
}

/**
 * Replaces the data dir's database with `file`. Refuses when a server is running on the data dir,
 * when another process still has the database open, when `file` is damaged or not a Userdesk
 * database, or when it was written by a newer Userdesk.
 */
export async function restoreDatabase(dataDir: string, file: string): Promise<RestoreResult> {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist.`);
  const pid = liveServerPid(dataDir);
  if (pid !== null) {
    throw new UsageError(
      `A Userdesk server (pid ${pid}) is running on ${dataDir}; stop it (or quit the app) before restoring.`,
    );
  }
  const target = databasePath(dataDir);
  if (path.resolve(file) === path.resolve(target))
    throw new UsageError('Refusing to restore the database onto itself.');

  // 1. Check the backup before anything in the data dir changes.
  const latest = migrations.at(-1)?.version ?? 0;
  const incoming = new Database(file, { readonly: true, fileMustExist: true });
  let summary: Omit<BackupSummary, 'file' | 'bytes'>;
  try {
    summary = inspect(incoming);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new UsageError(`${file} is not a Userdesk database.`);
    }
    throw error;
  } finally {
    incoming.close();
  }
  if (summary.schema_version > latest) {
    throw new UsageError(
      `${file} was written by a newer Userdesk (schema ${summary.schema_version}; this build knows ${latest}).`,
    );
  }

  // 2. Copy it next to the target (same file system, so the final rename is atomic).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = path.join(dataDir, `.${DB_FILE}.restore-${process.pid}.tmp`);
  rmSync(temp, { force: true });
  createPrivateFile(temp);
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await reader.backup(temp, { progress: () => 0x7fffffff });
  } finally {
    reader.close();
  }
  chmodSync(temp, 0o600);
  fsyncFile(temp);

  // 3. Keep the current database: checkpoint it into one file, which also tells us whether anyone
  // else holds it (SQLite removes the -wal only when the last connection closes).
  let previous: string | null = null;
  try {
    if (existsSync(target)) {
      const current = new Database(target, { fileMustExist: true });
      try {
        current.pragma('busy_timeout = 2000');
        current.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        current.close();
      }
      if (existsSync(`${target}-wal`) || liveServerPid(dataDir) !== null) {
        throw new UsageError(
          `Another process has ${target} open; close it (the app, a server) before restoring.`,
        );
      }
      previous = `${target}.pre-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, previous);
    }
    // A stale -shm or rollback journal belongs to the old file; leaving it would corrupt the new one.
    for (const suffix of SIDE_FILES) rmSync(`${target}${suffix}`, { force: true });
    try {
      renameSync(temp, target);
    } catch (error) {
      if (previous) renameSync(previous, target);
      throw error;
    }
    fsyncDir(dataDir);
  } finally {
    rmSync(temp, { force: true });
  }

  // 4. Bring an older backup up to this build's schema, with WAL and the usual pragmas.
  const db = openDatabase(dataDir);
  db.close();

  const keyKnown =
    process.env[DATA_KEY_ENV] !== undefined ||
    existsSync(path.join(dataDir, DATA_KEY_FILE)) ||
    existsSync(path.join(dataDir, SEALED_DATA_KEY_FILE));
  const warning =
    summary.totp_devices > 0 && !keyKnown
      ? `this data dir has no data key (${DATA_KEY_FILE}, ${SEALED_DATA_KEY_FILE} or ${DATA_KEY_ENV}); ` +
        `the ${summary.totp_devices} two-factor devices cannot be used until the original key is put back.`
      : null;
  return { ...summary, previous, warning };
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the rename itself is still atomic.
  }
}
