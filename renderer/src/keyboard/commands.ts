import { toast } from 'sonner';
import { chooseTheme } from '../components/theme-toggle.js';
import { download } from '../lib/download.js';
import { errorMessage } from '../lib/errors.js';
import { navigate } from '../state/router.js';
import { useSession } from '../state/session.js';
import { useIntent } from './intents.js';

/**
 * Every screen and action the command palette offers, and the two-key shortcuts ("g" then a
 * letter, as in Gmail, GitHub or Linear) that move between screens. Sequences, not chords, so
 * nothing collides with the browser's, the OS's or a text field's own keys.
 */
export interface ScreenCommand {
  path: string;
  label: string;
  /** The second key after "g". */
  key: string;
  group: 'Account' | 'Security' | 'Admin';
  staffOnly?: boolean;
}

export const SCREENS: ScreenCommand[] = [
  { path: '/profile', label: 'Profile', key: 'p', group: 'Account' },
  { path: '/personalisation', label: 'Personalisation', key: 'e', group: 'Account' },
  { path: '/notifications', label: 'Notifications', key: 'n', group: 'Account' },
  { path: '/security-checkup', label: 'Security checkup', key: 'c', group: 'Security' },
  { path: '/two-factor', label: 'Two-factor', key: 't', group: 'Security' },
  { path: '/devices', label: 'Devices & sessions', key: 'd', group: 'Security' },
  { path: '/api-keys', label: 'API keys', key: 'k', group: 'Security' },
  { path: '/activity', label: 'Activity', key: 'a', group: 'Security' },
  { path: '/admin/users', label: 'Users', key: 'u', group: 'Admin', staffOnly: true },
  {
    path: '/admin/security',
    label: 'Security overview',
    key: 'o',
    group: 'Admin',
    staffOnly: true,
  },
];

/** How a shortcut is written for people ("G then P") and for aria-keyshortcuts ("g p"). */
export const shortcutLabel = (key: string) => `G then ${key.toUpperCase()}`;
export const ariaShortcut = (key: string) => `g ${key}`;

export interface ActionCommand {
  id: string;
  label: string;
  keywords?: string[];
  staffOnly?: boolean;
  run: () => void | Promise<void>;
}

export const ACTIONS: ActionCommand[] = [
  {
    id: 'setup-two-factor',
    label: 'Set up two-factor',
    keywords: ['2fa', 'totp', 'authenticator'],
    run: () => navigate('/two-factor'),
  },
  {
    id: 'create-api-key',
    label: 'Create an API key',
    keywords: ['token', 'personal'],
    run: () => {
      useIntent.getState().request('create-api-key');
      navigate('/api-keys');
    },
  },
  {
    id: 'download-my-data',
    label: 'Download my data (JSON)',
    keywords: ['export', 'gdpr', 'takeout'],
    run: () => download('/api/users/@me/export/', 'userdesk-my-data.json'),
  },
  {
    id: 'theme-light',
    label: 'Use the light theme',
    keywords: ['appearance'],
    run: () => chooseTheme('light'),
  },
  { id: 'theme-dark', label: 'Use the dark theme', keywords: ['appearance'], run: () => chooseTheme('dark') },
  {
    id: 'theme-system',
    label: "Follow the system's theme",
    keywords: ['appearance'],
    run: () => chooseTheme('system'),
  },
  {
    id: 'create-user',
    label: 'Create a user',
    staffOnly: true,
    keywords: ['admin', 'account'],
    run: () => {
      useIntent.getState().request('create-user');
      navigate('/admin/users');
    },
  },
  {
    id: 'export-users-json',
    label: 'Export all users (JSON)',
    staffOnly: true,
    run: () => download('/api/users/export/?format=json', 'userdesk-users.json'),
  },
  {
    id: 'export-users-csv',
    label: 'Export all users (CSV)',
    staffOnly: true,
    run: () => download('/api/users/export/?format=csv', 'userdesk-users.csv'),
  },
  {
    id: 'sign-out',
    label: 'Sign out',
    keywords: ['log out', 'logout'],
    run: async () => {
      try {
        await useSession.getState().signOut();
        navigate('/signin', { replace: true });
      } catch (error) {
        toast.error('Could not sign out', { description: errorMessage(error) });
      }
    },
  },
];
