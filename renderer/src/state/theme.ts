import { create } from 'zustand';
import type { ThemeMode } from '../../../shared/enums.js';

/**
 * Light, dark or follow the OS. Signed in, the preference is the user's `theme_mode`; signed out,
 * the last one chosen on this machine (a display preference, not a secret, so localStorage is fine).
 */
const STORAGE_KEY = 'userdesk.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function stored(): ThemeMode {
  const value = window.localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

function resolve(preference: ThemeMode): 'light' | 'dark' {
  if (preference === 'system') return media.matches ? 'dark' : 'light';
  return preference;
}

function apply(resolved: 'light' | 'dark', preference: ThemeMode) {
  const root = document.documentElement;
  root.dataset.theme = resolved;
  root.dataset.themePreference = preference;
  root.style.colorScheme = resolved;
}

interface ThemeState {
  preference: ThemeMode;
  resolved: 'light' | 'dark';
  setPreference: (preference: ThemeMode | '' | null | undefined) => void;
}

export const useTheme = create<ThemeState>()((set) => {
  const preference = stored();
  const resolved = resolve(preference);
  apply(resolved, preference);
  return {
    preference,
    resolved,
    setPreference: (value) => {
      const preference: ThemeMode = value === 'light' || value === 'dark' ? value : 'system';
      const resolved = resolve(preference);
      apply(resolved, preference);
      window.localStorage.setItem(STORAGE_KEY, preference);
      set({ preference, resolved });
    },
  };
});

media.addEventListener('change', () => {
  const { preference } = useTheme.getState();
  if (preference !== 'system') return;
  const resolved = resolve(preference);
  apply(resolved, preference);
  useTheme.setState({ resolved });
});
