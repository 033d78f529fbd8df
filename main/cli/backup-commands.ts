import { UsageError } from './usage.js';

/** Placeholder until the hardening work lands (issue 8): backup and restore are not built yet. */
export async function runBackupCommand(
  _dataDir: string, _words: string[], _options: { force: boolean }, _print: (h: string, d: unknown) => void,
): Promise<void> {
  throw new UsageError('backup and restore are not available in this build yet.');
}
