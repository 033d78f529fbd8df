/**
 * security.md 25: unauthenticated traffic cannot grow memory or the database without bound.
 * One `login_throttled` event per window and account; the static-file cache holds only real files,
 * within a bound; expired throttle rows, dead sessions and activity past the retention are pruned
 * at start and daily; and a soak of random paths and throttled logins stays within stated bounds.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, describe, test } from 'node:test';
import { Hono } from 'hono';
import { manualClock } from '../../main/domain/deps.js';
import { pruneOldRecords, schedulePruning } from '../../main/domain/retention.js';
import { createStaticHandler } from '../../main/server/static-files.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.js';
import { Fixtures } from './support/fixtures.js';

const DAY = 24 * 60 * 60 * 1000;

// A full collection before each RSS reading, so the figure is what is kept, not garbage the
// collector has not reached yet (without it the same run read +20 MB on one machine, +63 MB on a busy one).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const keptBytes = () => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
};
const dirs: string[] = [];
const open: { server: TestServer; fixtures: Fixtures }[] = [];
after(async () => {
  for (const o of open) {
    o.fixtures.close();
    await o.server.stop();
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
async function boot(dataDir = tempDir('userdesk-growth-')) {
  dirs.push(dataDir);
  const server = await startTestServer({ dataDir });
  const fixtures = new Fixtures(dataDir, server.clock, server.url);
  open.push({ server, fixtures });
  return { server, fixtures };
}
const count = (f: Fixtures, sql: string, ...args: unknown[]) =>
  (f.deps.db.prepare(sql).get(...args) as { n: number }).n;

/** Puts an account at the login limit without spending scrypt on five wrong passwords. */
function atLoginLimit(f: Fixtures, email: string): void {
  const now = f.deps.clock.now();
  f.deps.repos.throttles.put({ key: `login:${email}`, count: 5, window_start: now, last_at: now });
}

describe('security.md 25: bounded growth', () => {
  test('a throttled account logs one login_throttled event per window, not one per try', async () => {
    const { server, fixtures } = await boot();
    const user = await fixtures.user();
    atLoginLimit(fixtures, user.email);
    for (let i = 0; i < 30; i++) {
      const res = await server.client().post('/api/login/', { email: user.email, password: `x${i}` });
      assert.equal(res.status, 429, res.text);
    }
    const events = () =>
      count(
        fixtures,
        "SELECT count(*) AS n FROM activity_events WHERE type = 'login_throttled' AND user_id = ?",
        user.id,
      );
    assert.equal(events(), 1);
    server.clock.advance(5 * 60 * 1000);
    atLoginLimit(fixtures, user.email);
    for (let i = 0; i < 5; i++)
      await server.client().post('/api/login/', { email: user.email, password: 'x' });
    assert.equal(events(), 2, 'a new window logs once more');
  });

  test('the static-file cache keeps only real files, and only so many', async () => {
    const root = tempDir('userdesk-static-');
    dirs.push(root);
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    for (let i = 0; i < 600; i++) writeFileSync(path.join(root, 'assets', `a${i}.js`), `/*${i}*/`);
    const handler = createStaticHandler(root);
    const app = new Hono().get('*', handler);
    for (let i = 0; i < 5000; i++) {
      const res = await app.request(`/nothing-${i}-${Math.random().toString(36).slice(2)}.js`);
      assert.equal(res.status, 404);
    }
    assert.equal(handler.cachedEntries(), 0, 'missing paths are not cached');
    for (let i = 0; i < 600; i++) assert.equal((await app.request(`/assets/a${i}.js`)).status, 200);
    assert.ok(handler.cachedEntries() <= 256, `${handler.cachedEntries()} entries (bound 256)`);
    assert.equal(await (await app.request('/assets/a3.js')).text(), '/*3*/', 'evicted files still serve');
  });

  test('pruning removes stale throttles, dead sessions and activity past the retention, at start and daily', async () => {
    const dataDir = tempDir('userdesk-prune-');
    const first = await boot(dataDir);
    const f = first.fixtures;
    const user = await f.user();
    const now = f.deps.clock.now();
    f.deps.repos.throttles.put({
      key: 'login:gone@example.com',
      count: 5,
      window_start: now - 2 * DAY,
      last_at: now - 2 * DAY,
    });
    f.deps.repos.throttles.put({ key: 'login:live@example.com', count: 2, window_start: now, last_at: now });
    // Second-factor failures count toward the 100-failure lock-out "ever": never pruned.
    f.deps.repos.throttles.put({
      key: `2fa:${user.id}`,
      count: 7,
      window_start: now - 9 * DAY,
      last_at: now - 9 * DAY,
    });
    const dead = f.session(user.id).sessionId;
    f.deps.db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(now - 1, dead);
    const live = f.session(user.id).sessionId;
    const insert = f.deps.db.prepare(
      "INSERT INTO activity_events (user_id, type, created_at) VALUES (?, 'login', ?)",
    );
    insert.run(user.id, now - 401 * DAY);
    insert.run(user.id, now - 399 * DAY);
    f.close();
    await first.server.stop();
    open.splice(
      open.findIndex((o) => o.server === first.server),
      1,
    );

    const { fixtures } = await boot(dataDir);
    const keys = (
      fixtures.deps.db.prepare('SELECT key FROM throttles ORDER BY key').all() as { key: string }[]
    ).map((r) => r.key);
    assert.deepEqual(keys, [`2fa:${user.id}`, 'login:live@example.com']);
    assert.equal(count(fixtures, 'SELECT count(*) AS n FROM sessions WHERE id = ?', dead), 0);
    assert.equal(count(fixtures, 'SELECT count(*) AS n FROM sessions WHERE id = ?', live), 1);
    assert.equal(
      count(fixtures, 'SELECT count(*) AS n FROM activity_events WHERE created_at < ?', now - 400 * DAY),
      0,
    );
    assert.equal(
      count(fixtures, 'SELECT count(*) AS n FROM activity_events WHERE created_at = ?', now - 399 * DAY),
      1,
    );

    // The retention is a setting; daily runs use the injected clock and an unref'd timer.
    fixtures.deps.repos.settings.put('activity_retention_days', '30');
    const clock = manualClock(now);
    let tick: (() => void) | undefined;
    let unrefd = false;
    const stop = schedulePruning(
      { ...fixtures.deps, clock },
      {
        every: (fn, ms) => {
          assert.equal(ms, DAY);
          tick = fn;
          return { unref: () => void (unrefd = true) };
        },
        cancel: () => {},
      },
    );
    assert.ok(unrefd, 'the daily timer never keeps the process alive');
    assert.equal(
      count(fixtures, 'SELECT count(*) AS n FROM activity_events WHERE created_at < ?', now - 30 * DAY),
      0,
    );
    fixtures.deps.db
      .prepare("INSERT INTO activity_events (user_id, type, created_at) VALUES (?, 'login', ?)")
      .run(user.id, now);
    clock.advance(31 * DAY);
    tick!();
    assert.equal(count(fixtures, 'SELECT count(*) AS n FROM activity_events WHERE created_at <= ?', now), 0);
    const keysNow = (fixtures.deps.db.prepare('SELECT key FROM throttles').all() as { key: string }[]).map(
      (r) => r.key,
    );
    assert.deepEqual(keysNow, [`2fa:${user.id}`], 'the daily run dropped the now-stale login counter');
    assert.equal(
      count(fixtures, 'SELECT count(*) AS n FROM sessions WHERE id = ?', live),
      0,
      'idle for 31 days',
    );
    stop();
    assert.deepEqual(pruneOldRecords({ ...fixtures.deps, clock }), {
      throttles: 0,
      sessions: 0,
      activity: 0,
    });
  });

  test(
    'soak: 20,000 random paths and 2,000 throttled logins stay within bounds',
    { timeout: 600_000 },
    async () => {
      const { server, fixtures } = await boot();
      const emails = Array.from({ length: 200 }, (_, i) => `soak-${i}@example.com`);
      for (const e of emails) atLoginLimit(fixtures, e);
      const dbFile = path.join(server.dataDir, 'userdesk.db');
      // Checkpointed first, so the figure is the database's pages, not the WAL's transient frames.
      const dbBytes = () => {
        fixtures.deps.db.pragma('wal_checkpoint(TRUNCATE)');
        return statSync(dbFile).size;
      };
      const warm = server.client();
      for (let i = 0; i < 500; i++) await warm.get(`/warm-${i}`);
      collectGarbage();
      const rss0 = process.memoryUsage().rss;
      const kept0 = keptBytes();
      const db0 = dbBytes();
      const events0 = count(fixtures, 'SELECT count(*) AS n FROM activity_events');
      // 8 requests in flight: enough to overlap, few enough for a shared 2-core machine.
      const client = server.client();
      for (let i = 0; i < 20_000; i += 8) {
        await Promise.all(
          Array.from({ length: 8 }, (_, j) =>
            client.get(`/${Math.random().toString(36).slice(2)}/${i + j}${j % 2 ? '.js' : ''}`),
          ),
        );
      }
      for (let i = 0; i < 2_000; i += 8) {
        const batch = await Promise.all(
          Array.from({ length: 8 }, (_, j) =>
            server.client().post('/api/login/', { email: emails[(i + j) % emails.length], password: 'x' }),
          ),
        );
        for (const res of batch) assert.equal(res.status, 429, res.text);
      }
      collectGarbage();
      const rssGrowthMB = (process.memoryUsage().rss - rss0) / 2 ** 20;
      const keptGrowthMB = (keptBytes() - kept0) / 2 ** 20;
      const dbGrowthKB = (dbBytes() - db0) / 1024;
      const events = count(fixtures, 'SELECT count(*) AS n FROM activity_events') - events0;
      console.log(
        `soak: kept +${keptGrowthMB.toFixed(1)} MB (RSS +${rssGrowthMB.toFixed(1)} MB), database +${dbGrowthKB.toFixed(0)} KB, ${events} events`,
      );
      // One event per throttled account and window: 200 accounts, one window.
      assert.ok(events <= emails.length, `${events} events for ${emails.length} accounts`);
      // 200 small event rows take ~12 KB of pages; one event per try (2,000 rows) measured +116 KB.
      assert.ok(dbGrowthKB < 64, `database grew ${dbGrowthKB} KB`);
      // What the process keeps after a full collection (V8 heap + buffers; server and client share
      // this process): measured +1.6 to +3.3 MB; with the static-file cache made to remember every
      // path it reads +18.3 to +20.5 MB — the bound sits between: that bug fails here (32 MB let it pass).
      // RSS itself is only printed: after a collection the allocator may keep freed pages, so it
      // read +5 MB on a quiet machine and +147 MB in a busy CI run for the same code.
      assert.ok(keptGrowthMB < 10, `the process kept ${keptGrowthMB} MB more`);
    },
  );
});
