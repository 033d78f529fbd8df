import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from './port-choice.js';

/** Start-up options of the desktop app: the same flags and env as `userdesk serve`, where they apply. */
export interface DesktopOptions {
  /** Preferred port; 0 means any free port. */
  port: number;
  /** Data directory override; null means Electron's userData directory. */
  dataDir: string | null;
}

/**
 * Reads `--port`/`--data-dir` (and USERDESK_DATA_DIR) from the app's own arguments. Unknown flags
 * are ignored because Chromium and test harnesses add their own. A malformed port is an error
 * rather than a silent default, so a typo never lands data on an unexpected port.
 */
export function readDesktopOptions(args: readonly string[], env: NodeJS.ProcessEnv): DesktopOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    allowPositionals: true,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const rawPort = typeof values.port === 'string' ? values.port : undefined;
  const port = rawPort === undefined ? DEFAULT_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, not "${rawPort}".`);
  }
  const flagDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
  return { port, dataDir: flagDir || env.USERDESK_DATA_DIR || null };
}
