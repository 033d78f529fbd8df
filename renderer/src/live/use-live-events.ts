import { useEffect } from 'react';
import type { LiveEvent, LiveEventKind } from '../../../shared/live-events.js';
import { useSession } from '../state/session.js';
import { useLive } from './live-store.js';

/** Every kind, checked against the contract by the Record type (a new kind fails to compile). */
const EVERY_KIND = Object.keys({
  user: 1,
  push_tokens: 1,
  api_keys: 1,
  sessions: 1,
  two_factor: 1,
  backup_codes: 1,
  email_change: 1,
  activity: 1,
  memberships: 1,
  passkeys: 1,
} satisfies Record<LiveEventKind, 1>) as LiveEventKind[];

const STREAM = '/api/users/@me/events/';
/** After the server closes the stream for good (an error answer), try again this much later. */
const RETRY_MS = 3000;

function refreshEverything() {
  useLive.getState().bump(EVERY_KIND);
  void useSession.getState().refreshUser();
}

/**
 * Listens to the signed-in user's event stream while mounted. EventSource reconnects by itself
 * after a dropped connection and sends `Last-Event-ID`, so the server replays what was missed;
 * when the server refuses the stream (EventSource gives up), a fresh one is opened later and,
 * since it cannot resume, everything shown is refetched once.
 */
export function useLiveEvents(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const open = (fresh: boolean) => {
      source = new EventSource(STREAM);
      if (fresh) source.addEventListener('open', refreshEverything, { once: true });
      source.addEventListener('change', (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
        } catch {
          return;
        }
        if (!EVERY_KIND.includes(event.kind)) return;
        useLive.getState().bump([event.kind]);
        if (event.kind === 'user' || event.kind === 'email_change') {
          void useSession.getState().refreshUser();
        }
      });
      source.addEventListener('resync', refreshEverything);
      source.addEventListener('error', () => {
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        retry = setTimeout(() => !stopped && open(true), RETRY_MS);
      });
    };
    open(false);
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [enabled]);
}
