// Start-up decisions of `npm start` and the desktop main process, run under plain Node.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { desktopUnavailableReason, fallbackMessage } from '../../main/startup/desktop-availability.js';
import { readDesktopOptions } from '../../main/startup/desktop-options.js';
import {
  findElectronBinary,
  localElectronProbe,
  type ElectronBinaryProbe,
} from '../../main/startup/electron-binary.js';
import { DEFAULT_PORT, isPortFree, startOnPreferredPort } from '../../main/startup/port-choice.js';
import { isNativeModuleMismatch } from '../../shared/server-protocol.js';
import { removeServerInfoIfOurs, serverInfoPath, writeServerInfo } from '../../main/startup/server-info.js';

function probe(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): ElectronBinaryProbe {
  return {
    packageDir: '/nm/electron',
    env,
    exists: (file) => file in files,
    readText: (file) => files[file] ?? '',
  };
}

test('the Electron binary is found through path.txt and dist/, as electron/index.js does', () => {
  const found = findElectronBinary(
    probe({ '/nm/electron/path.txt': 'electron\n', '/nm/electron/dist/electron': '' }),
  );
  assert.deepEqual(found, { found: true, path: '/nm/electron/dist/electron' });
});

test('a missing binary yields one sentence, never a download', () => {
  const never = findElectronBinary(probe({}));
  assert.equal(never.found, false);
  assert.match(!never.found ? never.reason : '', /^Electron's binary was never downloaded .*\.$/);

  const deleted = findElectronBinary(probe({ '/nm/electron/path.txt': 'electron' }));
  assert.match(!deleted.found ? deleted.reason : '', /binary is missing/);

  const noPackage = findElectronBinary({ ...probe({}), packageDir: null });
  assert.deepEqual(noPackage, { found: false, reason: 'The electron package is not installed.' });
});

test('ELECTRON_OVERRIDE_DIST_PATH is honoured like electron/index.js does', () => {
  const env = { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' };
  assert.deepEqual(findElectronBinary(probe({ '/opt/electron/electron': '' }, env)), {
    found: true,
    path: '/opt/electron/electron',
  });
  assert.equal(findElectronBinary(probe({}, env)).found, false);
});

test('on this checkout the probe answers without loading the electron package', () => {
  const result = findElectronBinary(localElectronProbe(process.cwd()));
  // Either answer is legitimate; what matters is a path or a one-sentence reason, and no throw.
  if (result.found) assert.ok(path.isAbsolute(result.path));
  else assert.match(result.reason, /^[^\n]+\.$/);
});

test('the desktop is unavailable without a binary, a built shell, or (on Linux) a display', () => {
  const binary = { found: true as const, path: '/e' };
  const ok = { binary, platform: 'linux' as const, env: { DISPLAY: ':0' }, shellBuilt: true };
  assert.equal(desktopUnavailableReason(ok), null);
  assert.equal(desktopUnavailableReason({ ...ok, env: { WAYLAND_DISPLAY: 'wayland-0' } }), null);
  assert.equal(desktopUnavailableReason({ ...ok, platform: 'darwin', env: {} }), null);
  assert.match(desktopUnavailableReason({ ...ok, env: {} }) ?? '', /no graphical display/);
  assert.match(desktopUnavailableReason({ ...ok, shellBuilt: false }) ?? '', /not built/);
  assert.equal(desktopUnavailableReason({ ...ok, binary: { found: false, reason: 'Nope.' } }), 'Nope.');
});

test('the fallback message is one line that says why and what happens instead', () => {
  const message = fallbackMessage("Electron's binary was never downloaded.");
  assert.ok(!message.includes('\n'));
  assert.match(
    message,
    /^Cannot open the desktop window: Electron's binary was never downloaded\. Starting the local server/,
  );
  assert.doesNotMatch(message, /at .*\(.*:\d+:\d+\)/, 'no stack trace');
});

test("a better-sqlite3 ABI mismatch (a packaged app not rebuilt) is recognised from Node's error text", () => {
  const error = new Error(
    "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.",
  );
  assert.equal(isNativeModuleMismatch(error), true);
  assert.equal(isNativeModuleMismatch(new Error('wrapped', { cause: error })), true);
  assert.equal(isNativeModuleMismatch(new Error('EACCES')), false);
});

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

test('the preferred port is used when free, and a free port when it is taken', async (t) => {
  // Borrow a port the OS says is free, so the test never depends on 8765 itself.
  const borrowed = await listen(0);
  const preferred = portOf(borrowed);
  await new Promise((r) => borrowed.close(r));

  const first = await startOnPreferredPort((port) => listen(port), { host: '127.0.0.1', preferred });
  t.after(() => first.close());
  assert.equal(portOf(first), preferred);
  assert.equal(await isPortFree('127.0.0.1', preferred), false);

  const lines: string[] = [];
  const second = await startOnPreferredPort((port) => listen(port), {
    host: '127.0.0.1',
    preferred,
    log: (line) => lines.push(line),
  });
  t.after(() => second.close());
  assert.notEqual(portOf(second), preferred);
  assert.deepEqual(lines, [`Port ${preferred} is in use; using a free port instead.`]);
});

test('a port lost between probe and listen still falls back; other errors are not swallowed', async () => {
  const borrowed = await listen(0);
  const preferred = portOf(borrowed);
  await new Promise((r) => borrowed.close(r));
  const ports: number[] = [];
  const result = await startOnPreferredPort(
    async (port) => {
      ports.push(port);
      if (port !== 0) throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
      return 'fallback';
    },
    { host: '127.0.0.1', preferred },
  );
  assert.equal(result, 'fallback');
  assert.deepEqual(ports, [preferred, 0], 'tried the preferred port (probe said free), then any port');

  await assert.rejects(
    startOnPreferredPort(() => Promise.reject(new Error('database is locked')), {
      host: '127.0.0.1',
      preferred: 0,
    }),
    /database is locked/,
  );
});

test('server.json is written whole and removed only by the process it names', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'userdesk-startup-'));
  writeServerInfo(dir, { url: 'http://127.0.0.1:8765', pid: 4242 });
  assert.deepEqual(JSON.parse(readFileSync(serverInfoPath(dir), 'utf8')), {
    url: 'http://127.0.0.1:8765',
    pid: 4242,
  });

  removeServerInfoIfOurs(dir, 1111);
  assert.ok(readFileSync(serverInfoPath(dir), 'utf8'), 'another process must not remove it');
  removeServerInfoIfOurs(dir, 4242);
  assert.throws(() => readFileSync(serverInfoPath(dir)), { code: 'ENOENT' });

  writeFileSync(serverInfoPath(dir), 'not json');
  assert.doesNotThrow(() => removeServerInfoIfOurs(dir, 4242));
});

test('desktop options read --port and --data-dir like `userdesk serve`, ignoring Chromium flags', () => {
  assert.deepEqual(readDesktopOptions([], {}), { port: DEFAULT_PORT, dataDir: null });
  assert.equal(DEFAULT_PORT, 8765);
  assert.deepEqual(readDesktopOptions(['--port', '0', '--data-dir', '/d', '--no-sandbox', '.'], {}), {
    port: 0,
    dataDir: '/d',
  });
  assert.deepEqual(readDesktopOptions(['--inspect=0'], { USERDESK_DATA_DIR: '/env' }), {
    port: 8765,
    dataDir: '/env',
  });
  assert.throws(() => readDesktopOptions(['--port', 'http'], {}), /--port must be an integer/);
  assert.throws(() => readDesktopOptions(['--port', '70000'], {}), /--port must be an integer/);
});
