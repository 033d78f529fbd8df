import type { PasskeyChallengeRow } from '../../db/repos/passkey-challenges.js';
import type { Deps } from '../deps.js';
import { sha256Hex } from '../tokens.js';
import { CHALLENGE_TTL_MS } from './relying-party.js';

/**
 * Server-side WebAuthn challenges (users-api.md §6): one slot per ceremony kind and binding — a
 * session, or for the anonymous sign-in a random cookie of its own — replaced by a new begin,
 * taken (deleted) by the first complete whatever its outcome, and dead after 5 minutes.
 */
export type Ceremony = 'register' | 'verify' | 'login' | '2fa';

export const sessionSlot = (ceremony: Ceremony, sessionId: number) => `${ceremony}:s${sessionId}`;
export const cookieSlot = (cookie: string) => `login:c${sha256Hex(cookie)}`;

export function storeChallenge(
  deps: Pick<Deps, 'repos' | 'clock'>,
  slot: string,
  challenge: string,
  bound: { sessionId?: number; userId?: number; credential?: string } = {},
): void {
  const now = deps.clock.now();
  deps.repos.passkeyChallenges.deleteExpired(now);
  deps.repos.passkeyChallenges.put({
    slot,
    session_id: bound.sessionId ?? null,
    user_id: bound.userId ?? null,
    credential: bound.credential ?? null,
    challenge,
    expires_at: now + CHALLENGE_TTL_MS,
  });
}

/** The pending challenge of `slot`, removed in the same statement; undefined if none or expired. */
export function takeChallenge(
  deps: Pick<Deps, 'repos' | 'clock'>,
  slot: string,
): PasskeyChallengeRow | undefined {
  const row = deps.repos.passkeyChallenges.take(slot);
  return row && row.expires_at > deps.clock.now() ? row : undefined;
}
