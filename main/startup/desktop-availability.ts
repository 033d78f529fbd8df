import type { ElectronBinary } from './electron-binary.js';

/**
 * Exit code of the Electron main process when better-sqlite3 was compiled for Node's ABI rather
 * than Electron's (the usual state of a development checkout). `npm start` reads it and falls back
 * to the headless server instead of leaving the user with a crash. 78 is EX_CONFIG in sysexits.h.
 */
export const EXIT_NATIVE_MODULE_MISMATCH = 78;

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

/** Recognises Node's "compiled against a different Node.js version" error from a native module. */
export function isNativeModuleMismatch(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  return /NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text);
}

/** Sentence for the fallback when Electron exited because of the ABI mismatch above. */
export const NATIVE_MODULE_MISMATCH_REASON =
  "better-sqlite3 is built for Node rather than Electron (run 'npx electron-builder install-app-deps' on a machine that can fetch Electron headers).";
