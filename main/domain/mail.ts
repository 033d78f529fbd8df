import type { SettingsRepo } from '../db/repos/settings.js';
import type { Logger, Mailer } from './deps.js';

/**
 * Chooses the mail transport per use. PLACEHOLDER until the users-API work lands: no transport,
 * so email changes apply at once (the contract's no-transport behaviour).
 */
export function createMailerSource(_settings: SettingsRepo, _dataDir: string, _log: Logger): () => Mailer | null {
  return () => null;
}
