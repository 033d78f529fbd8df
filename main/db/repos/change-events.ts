import Database from 'better-sqlite3';
import type { Db } from '../open.js';

/** A row written by the triggers of migration 0004 (main/db/change-triggers.ts). */
export interface ChangeEventRow {
  id: number;
  user_id: number;
  user_uuid: string;
  kind: string;
  op: 'insert' | 'update' | 'delete';
  row_id: string | null;
  note: string | null;
  created_at: number;
}

/** Reads and prunes the change feed on the main connection. */
export function createChangeEventsRepo(db: Db) {
  const after = db.prepare('SELECT * FROM change_events WHERE id > ? ORDER BY id LIMIT ?');
  const afterForUser = db.prepare(
    'SELECT * FROM change_events WHERE id > ? AND user_id = ? ORDER BY id LIMIT ?',
  );
  const bounds = db.prepare('SELECT min(id) AS min, max(id) AS max FROM change_events');
  // The AUTOINCREMENT high-water mark survives pruning every row.
  const sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'change_events'");
  const pruneBefore = db.prepare('DELETE FROM change_events WHERE created_at < ?');
  return {
    after: (id: number, limit: number) => after.all(id, limit) as ChangeEventRow[],
    afterForUser: (id: number, userId: number, limit: number) =>
      afterForUser.all(id, userId, limit) as ChangeEventRow[],
    bounds: () => bounds.get() as { min: number | null; max: number | null },
    lastId: () => (sequence.get() as { seq: number } | undefined)?.seq ?? 0,
    pruneBefore: (time: number) => pruneBefore.run(time).changes,
  };
}
export type ChangeEventsRepo = ReturnType<typeof createChangeEventsRepo>;

/**
 * A second, read-only connection to the same file used only for `PRAGMA data_version`, which
 * changes when ANOTHER connection commits: with its own connection, every write — this process's
 * main connection included, the CLI's, another server's — moves it. One integer read per tick.
 */
export function openChangeWatcher(db: Db): { version(): number; close(): void } {
  const watcher = new Database(db.name, { readonly: true, fileMustExist: true });
  const stmt = watcher.prepare('PRAGMA data_version').pluck();
  return { version: () => stmt.get() as number, close: () => watcher.close() };
}
