// Runs sandboxed before the page: it may require only 'electron', so it is CommonJS (.cts → .cjs)
// and self-contained. It exposes four named functions and never ipcRenderer itself, so the page
// cannot send arbitrary messages to the main process. Names must match ipc-channels.ts (tested).
import { contextBridge, ipcRenderer } from 'electron';

const api = {
  appVersion: (): Promise<string> => ipcRenderer.invoke('userdesk:app-version'),
  platform: (): string => process.platform,
  openDataFolder: (): Promise<void> => ipcRenderer.invoke('userdesk:open-data-folder'),
  restartServer: (): Promise<void> => ipcRenderer.invoke('userdesk:restart-server'),
};

contextBridge.exposeInMainWorld('userdesk', api);
