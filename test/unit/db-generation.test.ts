import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createDeps } from '../../main/domain/create-deps.js';
import { dbGeneration, oneDataVersionRead } from '../../main/domain/db-generation.js';
import { tempDir } from '../helpers/server.js';

/**
 * The stamp every read cache is valid for (issue 13), on a real database file with two connections
 * — the server's and another process's (the CLI). A request reads `data_version` once
 * (oneDataVersionRead): the caller cache and the view cache then share one stamp, and the stamp must
 * still move on the connection's own writes inside the request, and on other connections' commits
 * the moment the request is over.
 */
describe('dbGeneration', () => {
  const dataDir = tempDir('userdesk-generation-');
  const server = createDeps({ dataDir, log: () => {} });
  const cli = createDeps({ dataDir, log: () => {} });
  after(() => {
    server.close();
    cli.close();
  });
  let writes = 0;
  const writeFrom = (deps: typeof server) =>
    deps.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('test_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(String(++writes));

  test('moves on this connection’s writes and on another connection’s commits', () => {
    const start = dbGeneration(server.db);
    writeFrom(server);
    const afterOwn = dbGeneration(server.db);
    assert.notEqual(afterOwn, start);
    writeFrom(cli);
    assert.notEqual(dbGeneration(server.db), afterOwn);
  });

  test('is null inside a transaction: what is read there may roll back', () => {
    server.db.transaction(() => assert.equal(dbGeneration(server.db), null))();
  });

  test('one request reads data_version once, its own writes still move the stamp', () => {
    const outside = oneDataVersionRead(server.db, () => {
      const first = dbGeneration(server.db);
      // Another process commits mid-request: this request keeps the moment it first read.
      writeFrom(cli);
      assert.equal(dbGeneration(server.db), first);
      // Its own writes are counted live (total_changes), pinned or not.
      writeFrom(server);
      const afterOwn = dbGeneration(server.db);
      assert.notEqual(afterOwn, first);
      return afterOwn;
    });
    // The next request sees the other process's commit.
    assert.notEqual(dbGeneration(server.db), outside);
  });

  test('the read is unpinned even when the request throws', () => {
    let inside: string | null = null;
    assert.throws(
      () =>
        oneDataVersionRead(server.db, () => {
          inside = dbGeneration(server.db);
          throw new Error('refused');
        }),
      /refused/,
    );
    writeFrom(cli);
    assert.notEqual(dbGeneration(server.db), inside);
  });

  test('a pin on one database never answers for another', () => {
    const otherDir = tempDir('userdesk-generation-other-');
    const other = createDeps({ dataDir: otherDir, log: () => {} });
    const otherCli = createDeps({ dataDir: otherDir, log: () => {} });
    try {
      oneDataVersionRead(server.db, () => {
        dbGeneration(server.db);
        const before = dbGeneration(other.db);
        writeFrom(otherCli);
        assert.notEqual(dbGeneration(other.db), before);
      });
    } finally {
      other.close();
      otherCli.close();
    }
  });
});
