import { useEffect } from 'react';
import { create } from 'zustand';
import type { SecurityCheckup } from '../../../../shared/checkup.js';
import type { LiveEventKind } from '../../../../shared/live-events.js';
import { call } from '../../api/client.js';
import { useLiveVersion } from '../../live/live-store.js';

/** The kinds of change that can move the checkup's score. */
const CHECKUP_KINDS: LiveEventKind[] = [
  'user',
  'two_factor',
  'backup_codes',
  'api_keys',
  'sessions',
  'email_change',
];

interface CheckupState {
  data: SecurityCheckup | undefined;
  error: Error | undefined;
  load: () => Promise<void>;
}

/**
 * The signed-in user's security checkup, shared by the sidebar badge and the checkup screen so
 * both show the same findings; refetched whenever the event stream reports a relevant change.
 */
export const useCheckup = create<CheckupState>()((set) => ({
  data: undefined,
  error: undefined,
  load: async () => {
    try {
      set({ data: await call('GET /api/users/{uuid}/security_checkup/', { params: { uuid: '@me' } }) });
      set({ error: undefined });
    } catch (error) {
      set({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  },
}));

/** Keeps the checkup fresh while a component that shows it is mounted. */
export function useCheckupLoader(): void {
  const version = useLiveVersion(CHECKUP_KINDS);
  useEffect(() => {
    void useCheckup.getState().load();
  }, [version]);
}
