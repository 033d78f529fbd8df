import type { Db } from '../db/open.js';

const statements = new WeakMap<Db, { get(): unknown }>();

/**
 * A value that changes whenever the database may have changed, so a cache stamped with it is exact:
 * `total_changes()` counts every row this connection inserted, updated or deleted (triggers and
 * rolled-back work included — a rollback only makes a cache drop more, never less), and
 * `data_version` moves when any other connection or process (the CLI, a second server) commits.
 * The member-count cache (main/db/repos/organizations.ts) uses the same pair. Inside a transaction
 * the answer is null: what is read there may still roll back, so nothing may be cached from it.
 */
export function dbGeneration(db: Db): string | null {
  if (db.inTransaction) return null;
  let statement = statements.get(db);
  if (!statement) {
    statement = db
      .prepare("SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version())")
      .pluck();
    statements.set(db, statement);
  }
  return statement.get() as string;
}
