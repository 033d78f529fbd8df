import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from './ipc-channels.js';
import { isTrustedIpcSender } from './security.js';

export interface IpcServices {
  /** The server's current origin (it may change when a restarted server had to take another port). */
  appOrigin(): string;
  /** file: URL of the status page (without query), the only sender allowed to restart the server. */
  statusPageUrl: string;
  appVersion(): string;
  openDataFolder(): Promise<void>;
  restartServer(): void;
}

type Frame = { url: string; parent: unknown } | null | undefined;

/** The status page is trusted for Restart only: top-level frame, exactly our file. */
export function isStatusPageSender(frame: Frame, statusPageUrl: string): boolean {
  if (frame == null || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return (
      url.protocol === 'file:' &&
      `${url.origin}${url.pathname}` === `${new URL(statusPageUrl).origin}${new URL(statusPageUrl).pathname}`
    );
  } catch {
    return false;
  }
}

/**
 * Registers the preload's handlers. Each one first checks the sender and throws otherwise, so a
 * stray frame learns nothing and can open nothing: the app's functions answer only the local
 * origin's top-level frame; Restart answers only the status page.
 */
export function registerIpcHandlers(ipcMain: IpcMain, services: IpcServices): void {
  const guarded =
    <T>(trusted: (frame: Frame) => boolean, handler: () => T) =>
    (event: IpcMainInvokeEvent): T => {
      if (!trusted(event.senderFrame)) throw new Error('IPC refused: the sender is not the Userdesk window.');
      return handler();
    };
  const appFrame = (frame: Frame) => isTrustedIpcSender(frame, services.appOrigin());
  const statusFrame = (frame: Frame) => isStatusPageSender(frame, services.statusPageUrl);
  ipcMain.handle(
    IPC_CHANNELS.appVersion,
    guarded(appFrame, () => services.appVersion()),
  );
  ipcMain.handle(
    IPC_CHANNELS.openDataFolder,
    guarded(appFrame, () => services.openDataFolder()),
  );
  ipcMain.handle(
    IPC_CHANNELS.restartServer,
    guarded(statusFrame, () => services.restartServer()),
  );
}
