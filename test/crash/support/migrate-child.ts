/**
 * Child process for migration.test.ts: opens a data dir the normal way (every shipped migration),
 * then applies one extra migration that is either slow (so the parent can SIGKILL it half-way) or
 * fails after doing real work. Prints `migrating` just before the extra step starts.
 */
import { migrate } from '../../../main/db/migrate.js';
import { migrations } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';

const [dataDir, mode] = process.argv.slice(2);
const db = openDatabase(dataDir);
const next = (migrations.at(-1)?.version ?? 0) + 1;
const slow = `
  CREATE TABLE bulk (x INTEGER NOT NULL, pad TEXT NOT NULL) STRICT;
  INSERT INTO bulk WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 4000000)
    SELECT x, hex(randomblob(16)) FROM c;
  CREATE INDEX bulk_pad ON bulk(pad);
  UPDATE users SET first_name = 'migrated';`;
const failing = `
  CREATE TABLE bulk (x INTEGER NOT NULL) STRICT;
  INSERT INTO bulk VALUES (1), (2), (3);
  UPDATE users SET first_name = 'migrated';
  INSERT INTO no_such_table VALUES (1);`;
process.stdout.write('migrating\n');
migrate(db, [...migrations, { version: next, name: mode, sql: mode === 'slow' ? slow : failing }]);
process.stdout.write('done\n');
db.close();
