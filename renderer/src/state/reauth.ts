import { create } from 'zustand';
import { httpHooks, ReauthCancelled } from '../api/http.js';

/**
 * "Confirm it's you": a sensitive route answered 403 `sensitive_action_required_reauth`. The HTTP
 * layer awaits `ask()`; the dialog signs in again (password, then code if 2FA is on) and calls
 * `confirmed()`, after which the original request is retried once. Concurrent asks share one dialog.
 */
interface ReauthState {
  open: boolean;
  ask: () => Promise<void>;
  confirmed: () => void;
  cancel: () => void;
}

let pending: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } | null = null;

export const useReauth = create<ReauthState>()((set) => ({
  open: false,
  ask: () => {
    if (!pending) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending = { promise, resolve, reject };
      set({ open: true });
    }
    return pending.promise;
  },
  confirmed: () => {
    pending?.resolve();
    pending = null;
    set({ open: false });
  },
  cancel: () => {
    pending?.reject(new ReauthCancelled());
    pending = null;
    set({ open: false });
  },
}));

httpHooks.onReauthRequired = () => useReauth.getState().ask();
