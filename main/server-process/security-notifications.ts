import type { SecurityEvent } from '../domain/security-events.js';

/**
 * The OS notification the desktop app raises for a security event (issue 15 item 1): what
 * happened and to which account, never a secret. The server process sends it to the Electron main
 * process as a `notify` message (shared/server-protocol.ts).
 */
export function notificationFor(event: SecurityEvent): { title: string; body: string } {
  const who = event.user.email;
  switch (event.type) {
    case 'new_sign_in':
      return {
        title: 'New sign-in to Userdesk',
        body: `${who} signed in. Not you? Review Devices & sessions.`,
      };
    case 'two_factor_disabled':
      return {
        title: 'Two-factor authentication turned off',
        body: `${who} no longer needs a second factor.`,
      };
    case 'api_key_created':
      return {
        title: 'New personal API key',
        body: `A key was created for ${who}. Not you? Delete it in API keys.`,
      };
    case 'backup_codes_low':
      return {
        title: 'Backup codes running out',
        body: `${who} has ${event.remaining ?? 0} backup code${event.remaining === 1 ? '' : 's'} left. Make new ones.`,
      };
  }
}
