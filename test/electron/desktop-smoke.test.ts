// The real desktop app through Playwright's _electron: window opens on the local server, the first
// screen renders, the preload offers only its named functions, and the window is locked down.
// Where no Electron binary (or no display) exists, as on the offline build machines, it is skipped
// with the reason printed — reported as skipped, never as passed.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { DESKTOP_API_NAMES } from '../../main/electron/ipc-channels.js';
import { desktopUnavailableReason } from '../../main/startup/desktop-availability.js';
import { findElectronBinary, localElectronProbe } from '../../main/startup/electron-binary.js';

/** The page's globals these checks touch (this tsconfig has no DOM lib). */
interface PageGlobals {
  userdesk: { appVersion(): Promise<string> };
  open(url: string): unknown;
  location: { href: string };
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary(localElectronProbe(root));
// shellBuilt: true here so a missing build fails the test below instead of skipping it.
const unavailable = desktopUnavailableReason({
  binary,
  platform: process.platform,
  env: process.env,
  shellBuilt: true,
});

test(
  'desktop window: sign-in screen, named preload API only, no Node, no escape from the origin',
  {
    skip: unavailable ?? false,
    timeout: 60_000,
  },
  async (t) => {
    assert.ok(binary.found);
    for (const built of [
      'dist/main/electron/main.js',
      'dist/main/electron/preload.cjs',
      'dist/renderer/index.html',
    ]) {
      assert.ok(existsSync(path.join(root, built)), `${built} is missing: run npm run build first`);
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), 'userdesk-electron-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));

    const app = await _electron.launch({
      executablePath: binary.path,
      args: [root, '--port', '0', '--data-dir', dataDir],
      cwd: root,
    });
    t.after(() => app.close());

    const page = await app.firstWindow();
    // A fresh data dir has no users, so the first screen is account creation; with users, sign-in.
    await page
      .getByRole('heading', { name: /sign in|create .*account/i })
      .first()
      .waitFor();

    const surface = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return {
        api: Object.keys((w.userdesk ?? {}) as object).sort(),
        types: Object.values((w.userdesk ?? {}) as object).map((v) => typeof v),
        require: typeof w.require,
        process: typeof w.process,
        ipcRenderer: typeof w.ipcRenderer,
      };
    });
    assert.deepEqual(surface.api, [...DESKTOP_API_NAMES].sort());
    assert.ok(surface.types.every((type) => type === 'function'));
    assert.deepEqual(
      [surface.require, surface.process, surface.ipcRenderer],
      ['undefined', 'undefined', 'undefined'],
    );

    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).userdesk.appVersion()),
      pkg.version,
    );

    // The guards, observed from the page: no new window, no navigation off the local origin.
    const appUrl = page.url();
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null),
      true,
    );
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(new URL(page.url()).origin, new URL(appUrl).origin);
    assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), 1);

    const serverInfo = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { url: string };
    assert.equal(new URL(page.url()).origin, new URL(serverInfo.url).origin);
  },
);
