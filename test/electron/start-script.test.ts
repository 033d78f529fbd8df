// `npm start` where Electron cannot run: one sentence why, then the headless server and its URL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fallbackMessage } from '../../main/startup/desktop-availability.js';
import { findElectronBinary, localElectronProbe } from '../../main/startup/electron-binary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = ['dist/main/cli.js', 'dist/renderer/index.html', 'dist/main/startup/desktop-availability.js'];
const notBuilt = built.find((file) => !existsSync(path.join(root, file)));

test(
  'npm start falls back to `userdesk serve` with one plain sentence and no stack trace',
  {
    // start.mjs would build on demand; a test must not run a whole build behind the suite's back.
    skip: notBuilt ? `${notBuilt} is missing: run npm run build first` : false,
    timeout: 30_000,
  },
  async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'userdesk-start-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    // Pointing Electron at an empty directory makes the binary "missing" on every machine.
    const overrideDir = path.join(dataDir, 'no-electron-here');
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: overrideDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.after(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /Userdesk listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`start.mjs exited ${code}: ${stdout}${stderr}`)));
    });

    const binary = findElectronBinary(localElectronProbe(root, { ELECTRON_OVERRIDE_DIST_PATH: overrideDir }));
    assert.ok(!binary.found);
    assert.equal(
      stdout.split('\n')[0],
      fallbackMessage(binary.reason),
      'the reason comes first, on one line',
    );

    const health = await fetch(`${url}/_health`);
    assert.equal(health.status, 200);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'SIGTERM is forwarded and the server closes cleanly');
    assert.doesNotMatch(stdout + stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
    assert.equal(existsSync(path.join(dataDir, 'server.json')), false, 'server.json removed on exit');
  },
);

test(
  'npm start runs Electron with USERDESK_NODE naming its own Node, for the server process',
  {
    skip: notBuilt
      ? `${notBuilt} is missing: run npm run build first`
      : process.platform === 'win32'
        ? 'POSIX shell script'
        : false,
    timeout: 30_000,
  },
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'userdesk-start-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    // A stand-in "Electron binary" that reports what it was given, then exits 3.
    const fakeElectron = path.join(dir, 'electron');
    writeFileSync(fakeElectron, '#!/bin/sh\necho "USERDESK_NODE=$USERDESK_NODE"\nexit 3\n', { mode: 0o755 });
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir, DISPLAY: ':99' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(stdout.trim(), `USERDESK_NODE=${process.execPath}`);
    assert.equal(code, 3, "Electron's exit code is npm start's");
  },
);
