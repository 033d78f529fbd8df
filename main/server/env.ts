import type { PersonalApiKeyRow } from '../db/repos/personal-api-keys.js';
import type { SessionRow } from '../db/repos/sessions.js';
import type { UserRow } from '../db/repos/users.js';
import type { Deps, RequestContext } from '../domain/deps.js';
import type { RelyingParty } from '../domain/passkeys/relying-party.js';

/** Who is calling, decided once by the auth middleware. */
export type Caller =
  | { kind: 'session'; user: UserRow; session: SessionRow }
  | { kind: 'key'; user: UserRow; key: PersonalApiKeyRow; scopes: string[] }
  /** Password checked, second factor pending: may only finish the login or log out. */
  | { kind: 'pending'; session: SessionRow }
  | { kind: 'anonymous' };

export type AuthenticatedCaller = Extract<Caller, { kind: 'session' | 'key' }>;
export type SessionCaller = Extract<Caller, { kind: 'session' }>;

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    caller: Caller;
    ctx: RequestContext;
    /** The parsed JSON body of an unsafe request (undefined when it had none). */
    body: unknown;
    /** WebAuthn's RP ID and the one origin passkeys accept (`http://localhost:<port>`). */
    relyingParty: RelyingParty;
  };
}
