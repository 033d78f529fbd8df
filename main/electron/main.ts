// The desktop shell: hosts the local server in this process and shows it in one hardened window.
// Everything testable lives in sibling modules without an 'electron' import; this file wires them.
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, screen, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT_NATIVE_MODULE_MISMATCH, isNativeModuleMismatch } from '../startup/desktop-availability.js';
import { readDesktopOptions } from '../startup/desktop-options.js';
import { startOnPreferredPort } from '../startup/port-choice.js';
import { removeServerInfoIfOurs, writeServerInfo } from '../startup/server-info.js';
import { desktopDataKeyProvider } from './desktop-data-key.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { buildMenuTemplate } from './menu.js';
import { applySessionPermissionPolicy, applyWebContentsGuards, secureWebPreferences } from './security.js';
import { loadWindowState, MIN_WINDOW_SIZE, saveWindowState } from './window-state.js';

type RunningServer = Awaited<ReturnType<typeof import('../server/start.js').startServer>>;

const HOST = '127.0.0.1';
const PRELOAD_PATH = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const log = (line: string): void => console.log(`[userdesk] ${line}`);

// Same userData folder ("Userdesk") whether run from a checkout or installed.
app.setName('Userdesk');
// Sandbox every renderer, including any created by code that forgets the webPreferences.
app.enableSandbox();

let server: RunningServer | null = null;
let mainWindow: BrowserWindow | null = null;
let dataDir = '';

if (!app.requestSingleInstanceLock()) {
  // One instance owns the database; a second launch only brings the first one forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.whenReady().then(launch).catch(fail);
}

async function launch(): Promise<void> {
  // Everything after the executable; the app path (unpackaged runs) is a positional and ignored.
  const options = readDesktopOptions(process.argv.slice(1), process.env);
  if (options.dataDir) app.setPath('userData', options.dataDir);
  dataDir = app.getPath('userData');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const dataKey = desktopDataKeyProvider(safeStorage, dataDir, log);
  // Imported here, not at the top, so a better-sqlite3 built for the wrong ABI reaches fail()
  // instead of aborting the module load with Electron's generic error box.
  const { startServer } = await import('../server/start.js');
  server = await startOnPreferredPort((port) => startServer({ host: HOST, port, dataDir, dataKey, log }), {
    host: HOST,
    preferred: options.port,
    log,
  });
  writeServerInfo(dataDir, { url: server.url, pid: process.pid });
  log(`Userdesk listening on ${server.url}`);

  const appOrigin = new URL(server.url).origin;
  applySessionPermissionPolicy(session.defaultSession, appOrigin);
  app.on('web-contents-created', (_event, contents) =>
    applyWebContentsGuards(contents, appOrigin, (url) => shell.openExternal(url)),
  );
  registerIpcHandlers(ipcMain, {
    appOrigin,
    appVersion: () => app.getVersion(),
    openDataFolder: () => openDataFolder(),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        {
          openApiDocs: () => void shell.openExternal(new URL('/api/schema/', appOrigin).href),
          showDataFolder: () => void openDataFolder(),
        },
        { isMac: process.platform === 'darwin', allowDevTools: !app.isPackaged },
      ),
    ),
  );

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; the server keeps serving until Quit.
    if (process.platform !== 'darwin') app.quit();
  });
  await openWindow();
}

async function openWindow(): Promise<void> {
  if (!server) return;
  const { maximized, ...bounds } = loadWindowState(
    dataDir,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Userdesk',
    show: false,
    webPreferences: secureWebPreferences(PRELOAD_PATH),
  });
  mainWindow = window;
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      saveWindowState(dataDir, window.getNormalBounds(), window.isMaximized());
    } catch (error) {
      log(`Could not save the window position: ${(error as Error).message}`);
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  await window.loadURL(server.url);
}

async function openDataFolder(): Promise<void> {
  const problem = await shell.openPath(dataDir);
  if (problem) throw new Error(problem);
}

// Quit waits for the server (and with it the database) to close, so SQLite's WAL is checkpointed
// and server.json removed; the second pass through 'will-quit' then exits for real.
let shutdownDone = false;
app.on('will-quit', (event) => {
  if (shutdownDone || !server) return;
  event.preventDefault();
  const closing = server;
  server = null;
  closing
    .close()
    .catch((error: unknown) => log(`Error while closing the server: ${(error as Error).message}`))
    .finally(() => {
      removeServerInfoIfOurs(dataDir, process.pid);
      shutdownDone = true;
      app.quit();
    });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

function fail(error: unknown): void {
  if (isNativeModuleMismatch(error)) {
    // npm start reads this exit code and serves headless with an explanation instead.
    console.error('[userdesk] better-sqlite3 is built for Node, not for Electron.');
    app.exit(EXIT_NATIVE_MODULE_MISMATCH);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[userdesk] Could not start: ${message}`);
  dialog.showErrorBox('Userdesk could not start', message);
  app.exit(1);
}
