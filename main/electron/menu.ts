// The application menu as a plain template (type-only Electron import) so its shape is unit-tested.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Opens `<server>/api/schema/` in the OS browser. */
  openApiDocs(): void;
  /** Reveals the data folder (database, key, server.json) in the file manager. */
  showDataFolder(): void;
}

export interface MenuContext {
  isMac: boolean;
  /** Developer tools only in unpackaged runs: a shipped app has no use for them. */
  allowDevTools: boolean;
}

export function buildMenuTemplate(actions: MenuActions, context: MenuContext): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(context.allowDevTools ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(context.isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Show Data Folder', click: () => actions.showDataFolder() },
        { type: 'separator' },
        context.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Open Local API Docs', click: () => actions.openApiDocs() }],
    },
  ];
}
