import type { ElectronBinary } from './electron-binary.js';

export interface DesktopEnvironment {
  binary: ElectronBinary;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether dist/main/electron/main.js and its preload exist. */
  shellBuilt: boolean;
}

/**
 * Why the desktop window cannot open here, as one sentence, or null when Electron can be tried.
 * Checked before spawning so the user reads a reason rather than Electron's own crash output.
 */
export function desktopUnavailableReason(desktop: DesktopEnvironment): string | null {
  if (!desktop.binary.found) return desktop.binary.reason;
  if (!desktop.shellBuilt) return 'The desktop shell is not built (dist/main/electron/main.js is missing).';
  if (desktop.platform === 'linux' && !desktop.env.DISPLAY && !desktop.env.WAYLAND_DISPLAY) {
    return 'There is no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set).';
  }
  return null;
}

/** The one line `npm start` prints before serving headless: the reason, then what happens instead. */
export function fallbackMessage(reason: string): string {
  return `Cannot open the desktop window: ${reason} Starting the local server instead; open its URL in a browser.`;
}
