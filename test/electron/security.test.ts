// The Electron checklist (security.md item 22) checked as data, without Electron.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { Session, WebContents } from 'electron';
import {
  applySessionPermissionPolicy,
  applyWebContentsGuards,
  decideNavigation,
  decideWindowOpen,
  isPermissionAllowed,
  isTrustedIpcSender,
  secureWebPreferences,
} from '../../main/electron/security.js';

const APP = 'http://127.0.0.1:8765';

test('window webPreferences isolate and sandbox the page and keep Node out of it', () => {
  const prefs = secureWebPreferences('/app/preload.cjs');
  assert.deepEqual(prefs, {
    preload: '/app/preload.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  });
  assert.ok(Object.isFrozen(prefs), 'frozen so no caller can loosen them');
});

test('navigation stays on the local origin; allow-listed https links go to the OS browser', () => {
  assert.equal(decideNavigation(`${APP}/settings`, APP), 'allow');
  assert.equal(decideNavigation(`${APP}/api/schema/`, APP), 'allow');
  assert.equal(decideNavigation('https://posthog.com/docs/api', APP), 'open-externally');
  assert.equal(decideNavigation('https://github.com/x/y', APP), 'open-externally');
  for (const url of [
    'http://127.0.0.1:8766/',
    'http://localhost:8765/',
    'https://127.0.0.1:8765/',
    'http://posthog.com/',
    'https://evil.example/',
    'https://posthog.com.evil.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ]) {
    assert.equal(decideNavigation(url, APP), 'deny', url);
  }
});

test('new windows never open in Electron: own pages and allow-listed links go to the OS browser', () => {
  assert.equal(decideWindowOpen(`${APP}/api/schema/`, APP), 'open-externally');
  assert.equal(decideWindowOpen('https://posthog.com/', APP), 'open-externally');
  assert.equal(decideWindowOpen('https://evil.example/', APP), 'deny');
  assert.equal(decideWindowOpen('about:blank', APP), 'deny');
});

test('permissions are denied except clipboard writes from the app itself', () => {
  for (const permission of [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'usb',
    'hid',
  ]) {
    assert.equal(isPermissionAllowed(permission, `${APP}/`, APP), false, permission);
  }
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', `${APP}/keys`, APP), true);
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', APP), false);
});

test('IPC answers only the top-level frame of the local origin', () => {
  assert.equal(isTrustedIpcSender({ url: `${APP}/`, parent: null }, APP), true);
  assert.equal(isTrustedIpcSender({ url: `${APP}/`, parent: {} }, APP), false, 'subframe');
  assert.equal(isTrustedIpcSender({ url: 'https://evil.example/', parent: null }, APP), false);
  assert.equal(isTrustedIpcSender(null, APP), false, 'frame already gone');
});

// A stand-in for webContents: only the events and handler the guards use. Electron itself cannot
// run here, so this checks the wiring; the _electron smoke test checks it for real where it can.
class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

function fire(contents: FakeContents, name: string, fields: Record<string, unknown>): boolean {
  let prevented = false;
  contents.emit(name, { ...fields, preventDefault: () => (prevented = true) });
  return prevented;
}

test('the webContents guards block off-origin navigation, redirects, windows and webviews', () => {
  const contents = new FakeContents();
  const opened: string[] = [];
  applyWebContentsGuards(contents as unknown as WebContents, APP, (url) => opened.push(url));

  assert.equal(fire(contents, 'will-navigate', { url: `${APP}/users`, isMainFrame: true }), false);
  assert.equal(fire(contents, 'will-navigate', { url: 'https://evil.example/', isMainFrame: true }), true);
  assert.equal(fire(contents, 'will-navigate', { url: 'https://posthog.com/docs', isMainFrame: true }), true);
  assert.equal(
    fire(contents, 'will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false }),
    true,
  );
  assert.equal(fire(contents, 'will-frame-navigate', { url: `${APP}/x`, isMainFrame: false }), false);
  assert.equal(fire(contents, 'will-redirect', { url: 'https://posthog.com/', isMainFrame: true }), true);
  assert.equal(fire(contents, 'will-attach-webview', {}), true);

  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(contents.windowOpenHandler?.({ url: `${APP}/api/schema/` }), { action: 'deny' });
  assert.deepEqual(
    opened,
    ['https://posthog.com/docs', `${APP}/api/schema/`],
    'only allowed links reach the OS browser',
  );
});

test('the session permission handlers answer through the allow-list', () => {
  let requestHandler: ((...args: unknown[]) => void) | null = null;
  let checkHandler: ((...args: unknown[]) => boolean) | null = null;
  const session = {
    setPermissionRequestHandler: (h: (...args: unknown[]) => void) => (requestHandler = h),
    setPermissionCheckHandler: (h: (...args: unknown[]) => boolean) => (checkHandler = h),
  };
  applySessionPermissionPolicy(session as unknown as Session, APP);
  const contents = { getURL: () => `${APP}/` };
  const answers: boolean[] = [];
  requestHandler!(contents, 'media', (granted: boolean) => answers.push(granted), {
    requestingUrl: `${APP}/`,
  });
  requestHandler!(contents, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted), {
    requestingUrl: `${APP}/`,
  });
  assert.deepEqual(answers, [false, true]);
  assert.equal(checkHandler!(contents, 'notifications', `${APP}`, {}), false);
  assert.equal(checkHandler!(contents, 'clipboard-sanitized-write', `${APP}`, {}), true);
});
