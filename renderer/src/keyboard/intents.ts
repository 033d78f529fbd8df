import { useEffect } from 'react';
import { create } from 'zustand';

/**
 * An action chosen in the command palette that a screen carries out once it is showing ("Create
 * an API key" opens the API keys screen, then its form). The screen takes the intent and clears it.
 */
export type Intent = 'create-api-key' | 'create-user';

interface IntentState {
  pending: Intent | null;
  request: (intent: Intent) => void;
  /** Returns true (and clears it) when `intent` is the pending one. */
  take: (intent: Intent) => boolean;
}

export const useIntent = create<IntentState>()((set, get) => ({
  pending: null,
  request: (intent) => set({ pending: intent }),
  take: (intent) => {
    if (get().pending !== intent) return false;
    set({ pending: null });
    return true;
  },
}));

/**
 * Runs `onIntent` when `intent` is requested, at mount or later (the palette can ask while the
 * screen is already showing), and clears it.
 */
export function useIntentHandler(intent: Intent, onIntent: () => void): void {
  const pending = useIntent((state) => state.pending);
  useEffect(() => {
    if (pending === intent && useIntent.getState().take(intent)) onIntent();
  }, [pending, intent, onIntent]);
}
