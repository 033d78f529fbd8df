import http from 'node:http';
import type { HttpResponse } from '../../helpers/http-client.js';
import type { UserRow } from '../../../main/db/repos/users.js';
import type { Credential } from '../../security/support/fixtures.js';
import { Fixtures } from '../../security/support/fixtures.js';

/** Who a fuzzed request claims to be. */
export const CALLERS = [
  'anonymous',
  'staffSession',
  'memberSession',
  'memberKey',
  'memberReadKey',
  'staffKey',
  'pending',
] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * The users and credentials the fuzzer sends requests as. A fuzzed request that succeeds may
 * delete a user, revoke a session or key, change a password or drop staff rights; `ensure()` puts
 * back whatever is gone before the next request, cheaply (no scrypt, no HTTP).
 */
export class World {
  private users: Partial<Record<'staff' | 'member' | 'twoFactor', UserRow>> = {};
  private creds = new Map<Caller, Credential>();

  constructor(readonly fixtures: Fixtures) {}

  private async userFor(role: 'staff' | 'member' | 'twoFactor'): Promise<UserRow> {
    const { repos } = this.fixtures.deps;
    const current = this.users[role] && repos.users.byId(this.users[role]!.id);
    const fine = current && (role === 'staff' ? current.is_staff === 1 : current.is_staff === 0);
    if (fine && (role !== 'twoFactor' || repos.totpDevices.forUser(current.id))) return current;
    const user = await this.fixtures.user({ staff: role === 'staff' });
    if (role === 'twoFactor') this.fixtures.totp(user.id);
    this.fixtures.pushToken(user.id);
    this.users[role] = user;
    for (const caller of CALLERS) if (this.ownerOf(caller) === role) this.creds.delete(caller);
    return user;
  }

  private ownerOf(caller: Caller): 'staff' | 'member' | 'twoFactor' | null {
    if (caller === 'anonymous') return null;
    if (caller === 'pending') return 'twoFactor';
    return caller.startsWith('staff') ? 'staff' : 'member';
  }

  /** Re-creates every user and credential a previous request removed. */
  async ensure(): Promise<void> {
    for (const role of ['staff', 'member', 'twoFactor'] as const) await this.userFor(role);
    const { repos, clock } = this.fixtures.deps;
    for (const caller of CALLERS) {
      const existing = this.creds.get(caller);
      if (existing && this.fixtures.alive(existing)) continue;
      const role = this.ownerOf(caller);
      const user = role ? this.users[role]! : undefined;
      let cred: Credential;
      if (!user) cred = { kind: 'anonymous' };
      else if (caller === 'pending') cred = this.fixtures.pendingSession(user.id);
      else if (caller.endsWith('Session')) cred = this.fixtures.session(user.id);
      else {
        cred = this.fixtures.key(user.id, caller === 'memberReadKey' ? ['user:read'] : ['*']);
        // Mark it used now, so authenticating with it is a pure read (the time is fixed in tests).
        repos.personalApiKeys.touch(cred.id, clock.now());
      }
      this.creds.set(caller, cred);
    }
  }

  credential(caller: Caller): Credential {
    return this.creds.get(caller) ?? { kind: 'anonymous' };
  }

  /** The user behind a caller (the member for anonymous: its ids make good guesses too). */
  userOf(caller: Caller): UserRow {
    return this.users[this.ownerOf(caller) ?? 'member']!;
  }

  /** A user other than the caller's, for `{uuid}` (staff may, members may not). */
  otherThan(caller: Caller): UserRow {
    return this.ownerOf(caller) === 'staff' ? this.users.member! : this.users.staff!;
  }

  /** An id that exists for `{id}` in this route, owned by the caller's user. */
  goodId(template: string, userId: number): string {
    const db = this.fixtures.deps.db;
    const pick = (sql: string) => (db.prepare(sql).get(userId) as { id: string | number } | undefined)?.id;
    const id = template.includes('push_tokens')
      ? pick('SELECT id FROM push_tokens WHERE user_id = ? ORDER BY id DESC LIMIT 1')
      : template.includes('login_sessions')
        ? pick('SELECT id FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT 1')
        : template.includes('personal_api_keys')
          ? pick('SELECT id FROM personal_api_keys WHERE user_id = ? ORDER BY created_at DESC LIMIT 1')
          : template.includes('dashboards')
            ? pick(
                'SELECT d.id FROM dashboards d JOIN users u ON u.current_team_id = d.team_id WHERE u.id = ?',
              )
            : undefined;
    return String(id ?? 1);
  }
}

/** The raw request target is sent as is (`//api`, `/%ZZ`): node:http, not URL resolution. */
export function sendRaw(
  baseUrl: string,
  credential: Credential,
  request: {
    method: string;
    target: string;
    headers: Record<string, string>;
    raw?: string;
    noCsrf?: boolean;
  },
): Promise<HttpResponse> {
  const base = new URL(baseUrl);
  const headers: Record<string, string> = {};
  if (credential.kind === 'key') headers.authorization = `Bearer ${credential.key}`;
  if (credential.kind === 'session' || credential.kind === 'pending') {
    headers.cookie = `sessionid=${credential.token}; csrftoken=${credential.csrf}`;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !request.noCsrf)
      headers['x-csrftoken'] = credential.csrf;
  }
  if (request.raw !== undefined) headers['content-length'] = String(Buffer.byteLength(request.raw));
  Object.assign(headers, request.headers);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.target,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    if (request.raw !== undefined) req.write(request.raw);
    req.end();
  });
}
