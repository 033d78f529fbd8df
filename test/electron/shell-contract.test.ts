// The menu, the preload's surface and the data-key choice, checked without Electron.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { chooseDataKeySource } from '../../main/electron/data-key-source.js';
import { DESKTOP_API_NAMES, IPC_CHANNELS } from '../../main/electron/ipc-channels.js';
import { buildMenuTemplate } from '../../main/electron/menu.js';

const preloadSource = readFileSync(new URL('../../main/electron/preload.cts', import.meta.url), 'utf8');

test('the preload exposes exactly the named functions, never ipcRenderer itself', () => {
  const exposed = /const api = \{([\s\S]*?)\n\};/.exec(preloadSource)?.[1] ?? '';
  const names = [...exposed.matchAll(/^\s{2}(\w+):/gm)].map((m) => m[1]).sort();
  assert.deepEqual(names, [...DESKTOP_API_NAMES].sort());
  assert.match(preloadSource, /contextBridge\.exposeInMainWorld\('userdesk', api\)/);
  assert.doesNotMatch(exposed, /ipcRenderer\s*[,}]|ipcRenderer\.(send|on)\b|:\s*ipcRenderer\b/);
  assert.doesNotMatch(preloadSource, /from '\.\.?\//, 'a sandboxed preload cannot require relative modules');
});

test('the preload invokes the same channels main registers handlers for', () => {
  const invoked = [...preloadSource.matchAll(/ipcRenderer\.invoke\('([^']+)'\)/g)].map((m) => m[1]).sort();
  assert.deepEqual(invoked, Object.values(IPC_CHANNELS).sort());
});

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    item.label ?? item.role ?? item.type ?? '?',
    ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
  ]);
}

function findItem(
  items: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = Array.isArray(item.submenu) ? findItem(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

test('the menu has the usual roles plus API docs and data folder, wired to their actions', () => {
  const calls: string[] = [];
  const actions = { openApiDocs: () => calls.push('docs'), showDataFolder: () => calls.push('folder') };
  const linux = buildMenuTemplate(actions, { isMac: false, allowDevTools: false });
  const all = labels(linux);
  for (const expected of ['File', 'editMenu', 'View', 'windowMenu', 'help', 'reload', 'quit']) {
    assert.ok(all.includes(expected), expected);
  }
  assert.ok(!all.includes('toggleDevTools'), 'no devtools in a packaged app');
  assert.ok(!all.includes('appMenu'));

  const click = (label: string) => (findItem(linux, label)?.click as () => void)();
  click('Open Local API Docs');
  click('Show Data Folder');
  assert.deepEqual(calls, ['docs', 'folder']);

  const mac = labels(buildMenuTemplate(actions, { isMac: true, allowDevTools: true }));
  assert.equal(mac[0], 'appMenu');
  assert.ok(mac.includes('toggleDevTools') && mac.includes('close') && !mac.includes('quit'));
});

test('the data key uses safeStorage only where an OS keystore really protects it', () => {
  assert.deepEqual(chooseDataKeySource({ encryptionAvailable: true, platform: 'darwin' }), {
    kind: 'safeStorage',
  });
  assert.deepEqual(chooseDataKeySource({ encryptionAvailable: true, platform: 'win32' }), {
    kind: 'safeStorage',
  });
  assert.deepEqual(
    chooseDataKeySource({ encryptionAvailable: true, platform: 'linux', linuxBackend: 'gnome_libsecret' }),
    {
      kind: 'safeStorage',
    },
  );
  const basic = chooseDataKeySource({
    encryptionAvailable: true,
    platform: 'linux',
    linuxBackend: 'basic_text',
  });
  assert.equal(basic.kind, 'file');
  assert.match(basic.kind === 'file' ? basic.reason : '', /no OS keyring/);
  assert.deepEqual(chooseDataKeySource({ encryptionAvailable: false, platform: 'darwin' }), {
    kind: 'file',
    reason: 'safeStorage is unavailable on this system',
  });
});
