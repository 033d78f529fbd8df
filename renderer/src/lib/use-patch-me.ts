import { useCallback, useState } from 'react';
import { toast } from 'sonner';
import { api } from '../api/endpoints.js';
import { ReauthCancelled } from '../api/http.js';
import type { UserUpdate } from '../api/types.js';
import { useSession } from '../state/session.js';
import { errorMessage } from './errors.js';

/**
 * PATCH /api/users/@me/ for settings that save on change (switches, selects). Tracks which keys
 * are saving, puts the answer in the session, and toasts the outcome.
 */
export function usePatchMe() {
  const [saving, setSaving] = useState<Record<string, boolean>>({});

  const patch = useCallback(async (update: UserUpdate, success = 'Saved') => {
    const keys = Object.keys(update);
    setSaving((s) => ({ ...s, ...Object.fromEntries(keys.map((k) => [k, true])) }));
    try {
      const user = await api.patchUser('@me', update);
      useSession.getState().setUser(user);
      toast.success(success);
      return user;
    } catch (error) {
      if (!(error instanceof ReauthCancelled))
        toast.error('Could not save', { description: errorMessage(error) });
      return null;
    } finally {
      setSaving((s) => ({ ...s, ...Object.fromEntries(keys.map((k) => [k, false])) }));
    }
  }, []);

  return { patch, saving };
}
