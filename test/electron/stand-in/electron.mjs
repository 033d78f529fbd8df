// A test double of the part of Electron's API that main/electron/ uses, for running the real
// dist/main/electron/main.js under Node. BrowserWindow is a real Chromium page (playwright-core);
// utilityProcess.fork is child_process.fork; the real preload.cjs runs in each page with a fake
// contextBridge/ipcRenderer whose invoke reaches the ipcMain handlers in this process.
// The test drives and observes it over this process's IPC channel ({ standIn: command }).
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const serverHook = fileURLToPath(new URL('./server-hook.mjs', import.meta.url));
// Chromium flags that work on these machines, as test/e2e/harness.ts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the test can observe. */
const observed = {
  notifications: [],
  focusCount: 0,
  serverPids: [],
  hookReports: [],
  errorBoxes: [],
  sentToServer: [],
  loads: [],
};
let browser = null;
let latestServer = null;

const paths = { userData: path.join(tmpdir(), 'userdesk-standin-default') };

class App extends EventEmitter {
  isPackaged = false;
  #ready = null;
  #quitting = false;
  #pendingBeforeExit = [];
  setName() {}
  enableSandbox() {}
  getVersion() {
    return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  }
  setPath(name, value) {
    paths[name] = value;
  }
  getPath(name) {
    return paths[name];
  }
  whenReady() {
    this.#ready ??= chromium
      .launch({
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      })
      .then((b) => {
        browser = b;
        this.emit('ready');
      });
    return this.#ready;
  }
  /** Like Electron's: a lock in the userData folder; a second instance tells the first and gets false. */
  requestSingleInstanceLock() {
    const dir = paths.userData;
    mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, 'StandInSingleton');
    const socket = path.join(dir, 'StandInSingleton.sock');
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const owner = Number(readFileSync(lock, 'utf8'));
      let alive = true;
      try {
        process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (alive) {
        this.#pendingBeforeExit.push(
          new Promise((resolve) => {
            const client = net.connect(socket, () => client.end(JSON.stringify(process.argv)));
            client.on('close', resolve);
            client.on('error', resolve);
          }),
        );
        return false;
      }
      writeFileSync(lock, String(process.pid));
    }
    rmSync(socket, { force: true });
    const server = net.createServer((connection) => {
      let data = '';
      connection.on('data', (chunk) => (data += chunk));
      connection.on('end', () => this.emit('second-instance', {}, JSON.parse(data || '[]'), dir));
    });
    server.listen(socket);
    server.unref();
    process.on('exit', () => {
      rmSync(lock, { force: true });
      rmSync(socket, { force: true });
    });
    return true;
  }
  quit() {
    if (this.#quitting) return;
    this.#quitting = true;
    setImmediate(async () => {
      this.emit('before-quit', { preventDefault() {} });
      let prevented = false;
      this.emit('will-quit', { preventDefault: () => (prevented = true) });
      if (prevented) {
        this.#quitting = false;
        return;
      }
      await Promise.all(this.#pendingBeforeExit);
      await browser?.close().catch(() => {});
      this.emit('quit');
      process.exit(0);
    });
  }
  exit(code = 0) {
    void browser?.close().catch(() => {});
    process.exit(code);
  }
}

export const app = new App();

const windows = new Set();

class WebContents extends EventEmitter {
  constructor(win) {
    super();
    this.win = win;
  }
  getURL() {
    return this.win.page?.url() ?? '';
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }
  constructor(options) {
    super();
    this.options = options;
    this.shown = false;
    this.maximized = false;
    this.webContents = new WebContents(this);
    windows.add(this);
    this.pageReady = this.#createPage(options.webPreferences?.preload);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async #createPage(preload) {
    await app.whenReady();
    this.context = await browser.newContext();
    // The real preload, evaluated with a fake 'electron' module before any page script.
    await this.context.exposeBinding('__standInInvoke', (source, channel, ...args) =>
      ipcMain.invoke(
        channel,
        { senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() } },
        ...args,
      ),
    );
    const preloadSource = readFileSync(preload, 'utf8');
    await this.context.addInitScript(
      `(() => {
        const exports = {}; const module = { exports };
        const process = { platform: ${JSON.stringify(process.platform)} };
        const require = (name) => {
          if (name !== 'electron') throw new Error('a sandboxed preload may require only electron');
          return {
            contextBridge: { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze(api) }) },
            ipcRenderer: { invoke: (channel, ...args) => window.__standInInvoke(channel, ...args) },
          };
        };
        ${preloadSource}
      })();`,
    );
    this.page = await this.context.newPage();
    return this.page;
  }
  async loadURL(url) {
    observed.loads.push(url);
    const page = await this.pageReady;
    await page.goto(url, { waitUntil: 'load' });
    if (!this.readyShown) {
      this.readyShown = true;
      this.emit('ready-to-show');
    }
  }
  show() {
    this.shown = true;
  }
  focus() {
    observed.focusCount += 1;
    void this.page?.bringToFront();
  }
  isMinimized() {
    return false;
  }
  restore() {}
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    const { x = 0, y = 0, width, height } = this.options;
    return { x, y, width, height };
  }
  async close() {
    this.emit('close', { preventDefault() {} });
    await this.context?.close();
    windows.delete(this);
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }
}

class IpcMain {
  handlers = new Map();
  handle(channel, handler) {
    this.handlers.set(channel, handler);
  }
  async invoke(channel, event, ...args) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}
export const ipcMain = new IpcMain();

/** A recognisable, reversible "keychain" so the test can unseal what main sealed. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from(`standin-sealed:${Buffer.from(text).toString('hex')}`),
  decryptString: (sealed) => {
    const text = sealed.toString();
    if (!text.startsWith('standin-sealed:'))
      throw new Error('Error while decrypting the ciphertext provided');
    return Buffer.from(text.slice('standin-sealed:'.length), 'hex').toString();
  },
};

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => (observed.menu = menu),
};

export const session = {
  defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} },
};

export const shell = { openExternal: async () => {}, openPath: async () => '' };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const dialog = {
  showErrorBox: (title, message) => observed.errorBoxes.push({ title, message }),
};

export class Notification {
  static isSupported() {
    return true;
  }
  constructor(options) {
    this.options = options;
  }
  show() {
    observed.notifications.push({ title: this.options.title, body: this.options.body });
  }
}

/** utilityProcess.fork as child_process.fork, with the test's server hook loaded in the child. */
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const child = fork(modulePath, args, {
      env: options.env,
      execArgv: ['--import', serverHook],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const wrapper = new EventEmitter();
    wrapper.pid = child.pid;
    wrapper.postMessage = (message) => {
      observed.sentToServer.push(message);
      if (child.connected) child.send(message);
    };
    wrapper.kill = () => child.kill('SIGKILL');
    wrapper.child = child;
    child.on('message', (message) => {
      if (message && message.testHookReport) observed.hookReports.push(message.testHookReport);
      else wrapper.emit('message', message);
    });
    child.on('spawn', () => wrapper.emit('spawn'));
    child.on('exit', (code) => wrapper.emit('exit', code ?? 1));
    observed.serverPids.push(child.pid);
    latestServer = child;
    return wrapper;
  },
};

// The test's control channel.
if (typeof process.send === 'function') {
  process.on('message', async (message) => {
    if (!message || typeof message.standIn !== 'string') return;
    const { id, standIn: command } = message;
    try {
      let result;
      const win = [...windows].at(-1);
      if (command === 'state') {
        result = {
          ...observed,
          menu: undefined,
          windows: windows.size,
          shown: win?.shown ?? false,
          url: win?.page?.url() ?? '',
          // evaluate, not a locator: a locator waits up to 30 s for a body mid-navigation.
          text: win?.page
            ? await win.page.evaluate(() => globalThis.document.body?.innerText ?? '').catch(() => '')
            : '',
        };
      } else if (command === 'evaluate') {
        result = await win.page.evaluate(message.script);
      } else if (command === 'click') {
        await win.page.getByRole('button', { name: message.name }).click();
      } else if (command === 'goto') {
        await win.page.goto(message.url);
      } else if (command === 'to-server') {
        latestServer?.send(message.message);
      } else if (command === 'quit') {
        app.quit();
      } else if (command === 'close-window') {
        await win.close();
      }
      process.send({ id, result });
    } catch (error) {
      process.send({ id, error: String(error?.stack ?? error) });
    }
  });
  // Let the main process exit on its own: the control channel must not hold it open.
  process.channel?.unref();
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  safeStorage,
  Menu,
  session,
  shell,
  screen,
  dialog,
  Notification,
  utilityProcess,
};
