import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from './ipc-channels.js';
import { isTrustedIpcSender } from './security.js';

export interface IpcServices {
  appOrigin: string;
  appVersion(): string;
  openDataFolder(): Promise<void>;
}

/**
 * Registers the preload's handlers. Each one first checks the sender (top-level frame of the
 * local origin) and throws otherwise, so a stray frame learns nothing and can open nothing.
 */
export function registerIpcHandlers(ipcMain: IpcMain, services: IpcServices): void {
  const guarded =
    <T>(handler: () => T) =>
    (event: IpcMainInvokeEvent): T => {
      if (!isTrustedIpcSender(event.senderFrame, services.appOrigin)) {
        throw new Error('IPC refused: the sender is not the Userdesk window.');
      }
      return handler();
    };
  ipcMain.handle(
    IPC_CHANNELS.appVersion,
    guarded(() => services.appVersion()),
  );
  ipcMain.handle(
    IPC_CHANNELS.openDataFolder,
    guarded(() => services.openDataFolder()),
  );
}
