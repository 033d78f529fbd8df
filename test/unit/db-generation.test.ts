import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
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

  test('another process committing as fast as it can: a cache stamped this way is never behind', async () => {
    // What every read cache relies on, under real concurrency: each round reads the truth, then asks
    // the stamp; a value cached under that stamp (built right after the stamp first appeared) must
    // never be older than the truth read before asking — "refused on the very next request".
    const commits = 4_000;
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.pragma('busy_timeout = 5000');
         const set = db.prepare("UPDATE settings SET value = ? WHERE key = 'test_probe'");
         for (let i = 1; i <= ${commits}; i++) set.run(String(1e9 + i));
         db.close();`,
        path.join(dataDir, 'userdesk.db'),
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    let done = false;
    void exited.then(() => (done = true));
    const read = server.db.prepare("SELECT value FROM settings WHERE key = 'test_probe'").pluck();
    const truth = () => Number(read.get());
    let stamps = 0;
    let cached = { stamp: null as string | null, value: 0 };
    let rounds = 0;
    let behind = 0;
    while (!done) {
      // Many rounds per yield: the writer commits meanwhile in its own process.
      for (let i = 0; i < 2_000; i++) {
        const before = truth();
        const stamp = dbGeneration(server.db);
        if (stamp !== cached.stamp) {
          cached = { stamp, value: truth() };
          stamps++;
        }
        if (cached.value < before) behind++;
        rounds++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(await exited, 0);
    assert.equal(truth(), 1e9 + commits);
    assert.equal(behind, 0, `${behind} of ${rounds} rounds served a value older than the truth`);
    // The stamp moved many times while the other process wrote: the rounds raced real commits.
    assert.ok(stamps > 100, `the stamp moved only ${stamps} times`);
  });
});
