import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the Userdesk database in `dataDir` with the pragmas the product
 * relies on: WAL so readers never block the writer, FULL sync so an acknowledged write survives
 * a power cut, foreign keys so deleting a user removes what they own, and a busy timeout so a
 * CLI command and the server can share the file.
 */
export function openDatabase(dataDir: string, fileName = 'userdesk.db'): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows (hashes, sealed secrets) are overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}
