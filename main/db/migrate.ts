import type { Db } from './open.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

/**
 * Applies every migration above the file's `user_version`, each inside one transaction together
 * with its `user_version` bump, so a crash or a failing statement leaves the previous version.
 */
export function migrate(db: Db, migrations: readonly Migration[] = allMigrations): number {
  let current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `This database was written by a newer Userdesk (schema ${current}, this build knows ${latest}).`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    if (migration.version !== current + 1) {
      throw new Error(`Migration ${migration.version} (${migration.name}) does not follow ${current}.`);
    }
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    current = migration.version;
  }
  return current;
}
