// The preload's contract: channel names and the functions exposed as window.userdesk.
// preload.cts cannot import this at run time (a sandboxed preload may require only 'electron'),
// so it repeats the names and test/electron checks that both copies agree.

export const IPC_CHANNELS = Object.freeze({
  appVersion: 'userdesk:app-version',
  openDataFolder: 'userdesk:open-data-folder',
  restartServer: 'userdesk:restart-server',
});

/** Exactly the names the renderer sees on window.userdesk. */
export const DESKTOP_API_NAMES: readonly string[] = Object.freeze([
  'appVersion',
  'openDataFolder',
  'platform',
  'restartServer',
]);

/** What window.userdesk offers the renderer inside the desktop app (absent in a browser). */
export interface DesktopApi {
  appVersion(): Promise<string>;
  platform(): string;
  openDataFolder(): Promise<void>;
  /** Only from the "server stopped" page: starts the server process again. */
  restartServer(): Promise<void>;
}
