// The main process's own pieces, without Electron: the sealed data key, who may restart the
// server, and the supervisor's restart budget.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isStatusPageSender } from '../../main/electron/ipc-handlers.js';
import { dataKeyForServer } from '../../main/electron/sealed-data-key.js';
import { ServerSupervisor, type ServerHandle } from '../../main/electron/server-supervisor.js';
import type { MainToServer } from '../../shared/server-protocol.js';

const keychain = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret' as const,
  encryptString: (text: string) => Buffer.from(`sealed:${text}`),
  decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
};

function dir(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ud-main-side-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

test('a headless data dir’s plain key is adopted: sealed, handed over, the plain file removed', (t) => {
  const d = dir(t);
  const plain = 'cd'.repeat(32);
  writeFileSync(path.join(d, 'data.key'), `${plain}\n`, { mode: 0o600 });
  const key = dataKeyForServer(keychain, d, {}, () => {});
  assert.equal(key.hex, plain);
  assert.equal(existsSync(path.join(d, 'data.key')), false);
  assert.equal(
    readFileSync(path.join(d, 'data.key.sealed'), 'utf8'),
    `sealed:${Buffer.from(plain, 'hex').toString('base64')}`,
  );
  assert.equal(
    dataKeyForServer(keychain, d, {}, () => {}).hex,
    plain,
    'the next launch unseals the same key',
  );
});

test('without a keychain a sealed key is refused in one sentence; USERDESK_DATA_KEY is left to the server', (t) => {
  const d = dir(t);
  dataKeyForServer(keychain, d, {}, () => {});
  const noKeychain = { ...keychain, getSelectedStorageBackend: () => 'basic_text' as const };
  assert.throws(
    () => dataKeyForServer(noKeychain, d, {}, () => {}),
    /OS keychain is unavailable, so the sealed data key/,
  );
  assert.deepEqual(
    dataKeyForServer(keychain, d, { USERDESK_DATA_KEY: 'x' }, () => {}),
    {
      hex: null,
      description: 'environment variable USERDESK_DATA_KEY',
    },
  );
});

test('only the status page may restart the server; the app page and subframes may not', () => {
  const status = 'file:///app/dist/main/electron/status-page.html';
  assert.equal(isStatusPageSender({ url: `${status}?state=stopped`, parent: null }, status), true);
  assert.equal(isStatusPageSender({ url: `${status}?state=stopped`, parent: {} }, status), false);
  assert.equal(isStatusPageSender({ url: 'http://127.0.0.1:8765/', parent: null }, status), false);
  assert.equal(isStatusPageSender({ url: 'file:///tmp/evil.html', parent: null }, status), false);
  assert.equal(isStatusPageSender(null, status), false);
});

/** A server process double: records what main sent, lets the test make it exit. */
function fakeProcess(sent: MainToServer[]) {
  let exit: (code: number | null, signal: string | null) => void = () => {};
  const handle: ServerHandle = {
    pid: 1,
    send: (m) => sent.push(m),
    kill: () => exit(null, 'SIGKILL'),
    onMessage: () => {},
    onExit: (listener) => {
      const previous = exit;
      exit = (c, s) => {
        previous(c, s);
        listener(c, s);
      };
    },
  };
  return { handle, die: () => exit(null, 'SIGKILL') };
}

test('the supervisor allows three deaths a minute, then refuses to restart', () => {
  let now = 0;
  const sent: MainToServer[] = [];
  const stops: [string, string][] = [];
  let current = fakeProcess(sent);
  const supervisor = new ServerSupervisor(
    () => (current = fakeProcess(sent)).handle,
    { host: '127.0.0.1', port: 0, dataDir: '/d', dataKey: null, dataKeyDescription: 'x' },
    { ready: () => {}, stopped: (reason, canRestart) => stops.push([reason, canRestart]), notify: () => {} },
    () => {},
    () => now,
  );
  supervisor.launch();
  current.die();
  now += 10_000;
  supervisor.restart();
  current.die();
  now += 10_000;
  supervisor.restart();
  current.die();
  assert.deepEqual(
    stops.map(([, can]) => can),
    ['allowed', 'allowed', 'budget-spent'],
  );
  assert.throws(() => supervisor.restart(), /stopped 3 times within a minute/);
  now += 61_000;
  assert.doesNotThrow(() => supervisor.restart(), 'a minute later the budget is back');
  assert.equal(sent.filter((m) => m.type === 'start').length, 4);
});
