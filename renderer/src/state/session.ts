import { create } from 'zustand';
import { api } from '../api/endpoints.js';
import { ApiRequestError, httpHooks } from '../api/http.js';
import type { Preflight, User } from '../api/types.js';
import { useTheme } from './theme.js';

/** Who is signed in (server state mirrored for the shell) and what the server said at start. */
type Status = 'booting' | 'signed-out' | 'signed-in' | 'unreachable';

interface SessionState {
  status: Status;
  user: User | null;
  preflight: Preflight | null;
  /** Set when the server ended the session under us (expired, revoked elsewhere). */
  endedReason: string | null;
  boot: () => Promise<void>;
  setUser: (user: User) => void;
  refreshUser: () => Promise<User | null>;
  refreshPreflight: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: 'booting',
  user: null,
  preflight: null,
  endedReason: null,
  boot: async () => {
    try {
      const preflight = await api.preflight();
      set({ preflight });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 0) {
        set({ status: 'unreachable' });
        return;
      }
    }
    try {
      const user = await api.me();
      get().setUser(user);
    } catch {
      set({ status: 'signed-out', user: null });
    }
  },
  setUser: (user) => {
    set({ user, status: 'signed-in', endedReason: null });
    useTheme.getState().setPreference(user.theme_mode);
  },
  refreshUser: async () => {
    try {
      const user = await api.me();
      get().setUser(user);
      return user;
    } catch {
      return null;
    }
  },
  refreshPreflight: async () => {
    try {
      set({ preflight: await api.preflight() });
    } catch {
      // Keep what we had; the screens that need it show their own error.
    }
  },
  signOut: async () => {
    try {
      await api.logout();
    } finally {
      set({ status: 'signed-out', user: null, endedReason: null });
      void get().refreshPreflight();
    }
  },
}));

httpHooks.onSessionEnded = () => {
  const { status } = useSession.getState();
  if (status === 'signed-in') {
    useSession.setState({
      status: 'signed-out',
      user: null,
      endedReason: 'Your session ended. Sign in again to continue.',
    });
  }
};
