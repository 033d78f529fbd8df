// The desktop shell: a thin Electron main process. It owns the window, the menu and the OS
// keychain, and supervises the local server, which runs as its own process (server-launcher.ts)
// and talks to it over shared/server-protocol.ts. It never loads the server code or better-sqlite3.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readDesktopOptions } from '../startup/desktop-options.js';
import { removeServerInfoIfOurs } from '../startup/server-info.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { buildMenuTemplate } from './menu.js';
import { dataKeyForServer } from './sealed-data-key.js';
import {
  applySessionPermissionPolicy,
  applyWebContentsGuards,
  isAppOrigin,
  secureWebPreferences,
} from './security.js';
import { launchServerProcess } from './server-launcher.js';
import { ServerSupervisor, type RestartVerdict } from './server-supervisor.js';
import { loadWindowState, MIN_WINDOW_SIZE, saveWindowState } from './window-state.js';

const HOST = '127.0.0.1';
const PRELOAD_PATH = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const STATUS_PAGE = pathToFileURL(fileURLToPath(new URL('./status-page.html', import.meta.url))).href;
/** Below this, the window simply opens on the app; above it, the user sees "Starting…". */
const STARTING_PAGE_AFTER_MS = 300;
const log = (line: string): void => console.log(`[userdesk] ${line}`);

// Same userData folder ("Userdesk") whether run from a checkout or installed.
app.setName('Userdesk');
// Sandbox every renderer, including any created by code that forgets the webPreferences.
app.enableSandbox();

// Everything after the executable; the app path (unpackaged runs) is a positional and ignored.
// Read before the single-instance lock, which lives in the userData folder.
const options = readDesktopOptions(process.argv.slice(1), process.env);
if (options.dataDir) app.setPath('userData', options.dataDir);

let supervisor: ServerSupervisor | null = null;
let mainWindow: BrowserWindow | null = null;
let dataDir = '';
let appOrigin = '';
let serverPid: number | undefined;
/** Where the window was when the server died, so Restart brings it back there. */
let resumeUrl: string | null = null;

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
  dataDir = app.getPath('userData');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = dataKeyForServer(safeStorage, dataDir, process.env, log);
  log(`Data key: ${key.description}.`);

  app.on('web-contents-created', (_event, contents) =>
    applyWebContentsGuards(contents, originGuard, (url) => shell.openExternal(url)),
  );
  registerIpcHandlers(ipcMain, {
    appOrigin: () => appOrigin,
    statusPageUrl: STATUS_PAGE,
    appVersion: () => app.getVersion(),
    openDataFolder: () => openDataFolder(),
    restartServer: () => {
      supervisor?.restart();
      void showStatus('starting');
    },
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
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; the server keeps serving until Quit.
    if (process.platform !== 'darwin') app.quit();
  });

  supervisor = new ServerSupervisor(
    () => launchServerProcess(utilityProcess.fork, process.env),
    { host: HOST, port: options.port, dataDir, dataKey: key.hex, dataKeyDescription: key.description },
    { ready: onServerReady, stopped: onServerStopped, notify: showNotification },
    log,
  );
  applySessionPermissionPolicy(session.defaultSession, originGuard);
  openWindow();
  supervisor.launch();
}

/** The guards ask for the origin at each event; before the server is ready nothing is the app. */
function originGuard(): string {
  return appOrigin || 'http://127.0.0.1:1';
}

let startingTimer: NodeJS.Timeout | undefined;

function openWindow(): void {
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
  if (appOrigin && supervisor?.pid !== undefined) {
    void window.loadURL(appOrigin);
  } else {
    clearTimeout(startingTimer);
    startingTimer = setTimeout(() => void showStatus('starting'), STARTING_PAGE_AFTER_MS);
  }
}

/**
 * The window opens the server's loopback address by its `localhost` name: WebAuthn refuses an IP
 * address as RP ID, so passkeys work only there (users-api.md §6); the Host allow-list accepts it.
 */
function windowUrlOf(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  return url.href;
}

function onServerReady(serverUrl: string, pid: number): void {
  clearTimeout(startingTimer);
  const url = windowUrlOf(serverUrl);
  const origin = new URL(url).origin;
  appOrigin = origin;
  serverPid = pid;
  log(`Server process ${pid} ready on ${url}`);
  const target = resumeUrl && isAppOrigin(resumeUrl, origin) ? resumeUrl : url;
  resumeUrl = null;
  void navigate(target);
}

function onServerStopped(reason: string, restart: RestartVerdict): void {
  clearTimeout(startingTimer);
  // A killed server cannot remove its own server.json.
  if (serverPid !== undefined) removeServerInfoIfOurs(dataDir, serverPid);
  const current = mainWindow?.webContents.getURL() ?? '';
  if (appOrigin && isAppOrigin(current, appOrigin)) resumeUrl = current;
  void showStatus('stopped', reason, restart);
}

async function showStatus(
  state: 'starting' | 'stopped',
  reason = '',
  restart?: RestartVerdict,
): Promise<void> {
  if (!mainWindow) return;
  const url = new URL(STATUS_PAGE);
  url.search = new URLSearchParams({ state, reason, restart: restart ?? '' }).toString();
  await navigate(url.href);
  mainWindow?.show();
}

/**
 * Loads happen one after another, so a "Starting…" page still loading never aborts the app page
 * that follows it (or the other way round): the last request is what the window ends on.
 */
let navigation: Promise<void> = Promise.resolve();
function navigate(url: string): Promise<void> {
  navigation = navigation.then(async () => {
    try {
      await mainWindow?.loadURL(url);
    } catch (error) {
      log(`Could not load ${url}: ${(error as Error).message}`);
    }
  });
  return navigation;
}

function showNotification(title: string, body: string): void {
  log(`Notification: ${title}`);
  if (Notification.isSupported()) new Notification({ title, body }).show();
}

async function openDataFolder(): Promise<void> {
  const problem = await shell.openPath(dataDir);
  if (problem) throw new Error(problem);
}

// Quit (menu, last window, SIGTERM/SIGINT) waits for the server process to close the database
// (WAL checkpoint) and remove server.json; the second pass through 'will-quit' exits for real.
let shutdownDone = false;
app.on('will-quit', (event) => {
  if (shutdownDone || !supervisor) return;
  event.preventDefault();
  const closing = supervisor;
  supervisor = null;
  void closing.stop().finally(() => {
    if (serverPid !== undefined) removeServerInfoIfOurs(dataDir, serverPid);
    shutdownDone = true;
    app.quit();
  });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[userdesk] Could not start: ${message}`);
  dialog.showErrorBox('Userdesk could not start', message);
  app.exit(1);
}
