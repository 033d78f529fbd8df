import { create } from 'zustand';
import type { LiveEventKind } from '../../../shared/live-events.js';

/**
 * What the event stream has said changed, as one counter per kind. A data store (a screen's
 * `useResource`, the session's user) watches the counters of the kinds it shows and refetches
 * when one moves: the data is refreshed, the components (and whatever a person is typing in
 * them) stay mounted.
 */
interface LiveState {
  versions: Partial<Record<LiveEventKind, number>>;
  /** Bumps each kind once; `resync` passes every kind. */
  bump: (kinds: readonly LiveEventKind[]) => void;
}

export const useLive = create<LiveState>()((set) => ({
  versions: {},
  bump: (kinds) =>
    set((state) => {
      const versions = { ...state.versions };
      for (const kind of kinds) versions[kind] = (versions[kind] ?? 0) + 1;
      return { versions };
    }),
}));

/** One number that changes whenever any of `kinds` changes (a stable primitive for selectors). */
export function useLiveVersion(kinds: readonly LiveEventKind[] | undefined): number {
  return useLive((state) => (kinds ? kinds.reduce((sum, kind) => sum + (state.versions[kind] ?? 0), 0) : 0));
}
