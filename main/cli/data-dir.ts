import os from 'node:os';
import path from 'node:path';

/**
 * Where Userdesk keeps its data when no --data-dir is given: USERDESK_DATA_DIR, else the same
 * folder the desktop app uses (Electron's userData for productName "Userdesk"), so the CLI and
 * the window share one database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.USERDESK_DATA_DIR) return path.resolve(env.USERDESK_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Userdesk');
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Userdesk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Userdesk');
}
