import { MembershipLevel } from '../../../main/db/repos/memberships.js';
import type { UserRow } from '../../../main/db/repos/users.js';
import { createAccount } from '../../../main/domain/accounts.js';
import { createKey, secureValueOf } from '../../../main/domain/api-keys.js';
import { createDeps } from '../../../main/domain/create-deps.js';
import type { Clock, Deps } from '../../../main/domain/deps.js';
import { hashPassword } from '../../../main/domain/passwords.js';
import { seal } from '../../../main/domain/secret-box.js';
import { issueSession } from '../../../main/domain/sessions.js';
import { randomBase62, sha256Hex, uuid4 } from '../../../main/domain/tokens.js';
import { generateTotpSecret } from '../../../main/domain/totp.js';
import { totpAad } from '../../../bench/seed.js';
import { STRONG_PASSWORD, uniqueEmail } from '../../helpers/accounts.js';
import { HttpClient } from '../../helpers/http-client.js';

let sharedHash: Promise<string> | undefined;

/** A signed-in browser, a key, or nobody: how a fuzzed or attacking request is authenticated. */
export type Credential =
  | { kind: 'anonymous' }
  | { kind: 'session'; token: string; csrf: string; userId: number; sessionId: number }
  | { kind: 'pending'; token: string; csrf: string; userId: number; sessionId: number }
  | { kind: 'key'; key: string; userId: number; scopes: string[]; id: string };
export type SessionCredential = Extract<Credential, { kind: 'session' }>;
export type KeyCredential = Extract<Credential, { kind: 'key' }>;

/**
 * Makes users, sessions, keys and TOTP devices straight through the domain on a second connection
 * to a running server's database, sharing the server's clock — cheap enough to re-provision after
 * every request that happened to revoke them (no scrypt per user: one shared hash).
 */
export class Fixtures {
  readonly deps: Deps & { close(): void };

  constructor(
    readonly dataDir: string,
    clock: Clock,
    readonly baseUrl: string,
  ) {
    this.deps = createDeps({ dataDir, clock, log: () => {} });
  }

  /** The first account (staff, owner of the organization), made the normal way. */
  async owner(): Promise<UserRow> {
    const existing = this.deps.repos.users.list({ isStaff: true, limit: 1, offset: 0 }).rows[0];
    if (existing) return existing;
    return createAccount(this.deps, {
      email: uniqueEmail('owner'),
      password: STRONG_PASSWORD,
      first_name: 'Owner',
    });
  }

  /** Another member of the organization (password STRONG_PASSWORD), optionally staff. */
  async user(options: { staff?: boolean; email?: string } = {}): Promise<UserRow> {
    const owner = await this.owner();
    sharedHash ??= hashPassword(STRONG_PASSWORD);
    const hash = await sharedHash;
    const { repos, clock, random } = this.deps;
    const id = this.deps.db.transaction(() => {
      const userId = repos.users.insert({
        uuid: uuid4(random),
        email: options.email ?? uniqueEmail('member'),
        first_name: 'Member',
        last_name: '',
        password_hash: hash,
        is_staff: options.staff ? 1 : 0,
        distinct_id: randomBase62(random, 43),
        date_joined: clock.now(),
      });
      repos.memberships.insert({
        organization_id: owner.current_organization_id!,
        user_id: userId,
        level: MembershipLevel.member,
        joined_at: clock.now(),
      });
      repos.users.update(userId, {
        current_organization_id: owner.current_organization_id,
        current_team_id: owner.current_team_id,
      });
      return userId;
    })();
    return repos.users.byId(id)!;
  }

  session(userId: number): SessionCredential {
    const issued = issueSession(this.deps, userId, 'active', { ip: '127.0.0.1', userAgent: 'fixtures' });
    return { kind: 'session', token: issued.token, csrf: issued.csrfToken, userId, sessionId: issued.row.id };
  }

  /** A password-verified-only session (the user must have 2FA for it to mean anything). */
  pendingSession(userId: number): Credential {
    const issued = issueSession(this.deps, userId, 'pending_2fa', { ip: '127.0.0.1', userAgent: 'fixtures' });
    return { kind: 'pending', token: issued.token, csrf: issued.csrfToken, userId, sessionId: issued.row.id };
  }

  key(userId: number, scopes: string[] = ['*']): KeyCredential {
    const { key, value } = createKey(this.deps, userId, 'fixture', scopes);
    return { kind: 'key', key: value, userId, scopes, id: key.id };
  }

  pushToken(userId: number, token = `push-${Math.random().toString(36).slice(2)}`): number {
    return this.deps.repos.pushTokens.upsert(userId, token, 'ios', this.deps.clock.now()).id;
  }

  /** Gives the user a TOTP device (sealed under the data dir's key); returns the base32 secret. */
  totp(userId: number): string {
    const secret = generateTotpSecret((n) => this.deps.random.bytes(n));
    this.deps.repos.totpDevices.replace({
      user_id: userId,
      secret_sealed: seal(this.deps.dataKey.getKey(), secret, totpAad(userId)),
      last_step: null,
      created_at: this.deps.clock.now(),
    });
    return secret;
  }

  /** Whether a credential still authenticates (a fuzzed request may have revoked or deleted it). */
  alive(credential: Credential): boolean {
    const { repos } = this.deps;
    if (credential.kind === 'anonymous') return true;
    if (!repos.users.byId(credential.userId)) return false;
    if (credential.kind === 'key')
      return repos.personalApiKeys.bySecureValue(secureValueOf(credential.key)) !== undefined;
    const row = repos.sessions.byTokenHash(sha256Hex(credential.token));
    return row !== undefined && row.state === (credential.kind === 'session' ? 'active' : 'pending_2fa');
  }

  /** A client that presents `credential` (cookies and CSRF header for sessions, Bearer for keys). */
  client(credential: Credential): HttpClient {
    const client = new HttpClient(this.baseUrl);
    if (credential.kind === 'session' || credential.kind === 'pending') {
      client.cookies.set('sessionid', credential.token);
      client.cookies.set('csrftoken', credential.csrf);
    }
    return client;
  }

  close(): void {
    this.deps.close();
  }
}
