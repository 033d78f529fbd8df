import Database from 'better-sqlite3';
import path from 'node:path';
import { migrate } from './migrate.js';
import { createPrivateFile, makePrivate, repairLine } from './private-files.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Told (one line) when the folder or a file had a wider mode than 0700/0600 and was repaired. */
  log?: (line: string) => void;
  /** Other secret files in the folder to keep 0600 (the data key, server.json), checked at the same time. */
  privateFiles?: readonly string[];
}

/**
 * Opens (creating if needed) the Userdesk database in `dataDir` with the pragmas the product
 * relies on: WAL so readers never block the writer, FULL sync so an acknowledged write survives
 * a power cut, foreign keys so deleting a user removes what they own, and a busy timeout so a
 * CLI command and the server can share the file.
 *
 * Files at rest (security.md 24): the folder is made 0700 and the database 0600 before SQLite opens
 * it, whatever the umask; SQLite gives its -wal and -shm the database file's mode.
 */
export function openDatabase(dataDir: string, fileName = 'userdesk.db', options: OpenOptions = {}): Db {
  const file = path.join(dataDir, fileName);
  const repairs = makePrivate(dataDir, [
    fileName,
    `${fileName}-wal`,
    `${fileName}-shm`,
    `${fileName}-journal`,
    ...(options.privateFiles ?? []),
  ]);
  const line = repairLine(repairs);
  if (line) options.log?.(line);
  createPrivateFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows (hashes, sealed secrets) are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}
