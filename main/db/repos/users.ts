import type { Statement } from 'better-sqlite3';
import type { Db } from '../open.js';

/** A users row as stored (booleans as 0/1, JSON as text, times in ms). */
export interface UserRow {
  id: number;
  uuid: string;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string | null;
  is_staff: number;
  is_active: number;
  distinct_id: string;
  date_joined: number;
  pending_email: string | null;
  is_email_verified: number | null;
  current_organization_id: number | null;
  current_team_id: number | null;
  anonymize_data: number | null;
  allow_impersonation: number | null;
  allow_sidebar_suggestions: number | null;
  passkeys_enabled_for_2fa: number | null;
  hide_mcp_hints: number;
  toolbar_mode: string | null;
  theme_mode: string | null;
  shortcut_position: string | null;
  role_at_organization: string | null;
  notification_settings: string;
  events_column_config: string;
  has_seen_product_intro_for: string | null;
  hedgehog_config: string | null;
  password_changed_at: number | null;
  /** zxcvbn score (0–4) when the password was set (migration 0004); null = unknown. */
  password_strength: number | null;
}

export type NewUser = Pick<
  UserRow,
  'uuid' | 'email' | 'first_name' | 'last_name' | 'password_hash' | 'is_staff' | 'distinct_id' | 'date_joined'
>;

/** Columns a domain function may change; anything else is refused before SQL is built. */
export const UPDATABLE_USER_COLUMNS = [
  'email',
  'first_name',
  'last_name',
  'password_hash',
  'is_staff',
  'is_active',
  'pending_email',
  'is_email_verified',
  'current_organization_id',
  'current_team_id',
  'anonymize_data',
  'allow_impersonation',
  'allow_sidebar_suggestions',
  'passkeys_enabled_for_2fa',
  'hide_mcp_hints',
  'toolbar_mode',
  'theme_mode',
  'shortcut_position',
  'role_at_organization',
  'notification_settings',
  'events_column_config',
  'has_seen_product_intro_for',
  'hedgehog_config',
  'password_changed_at',
  'password_strength',
] as const;
export type UserUpdate = Partial<Pick<UserRow, (typeof UPDATABLE_USER_COLUMNS)[number]>>;

export interface UserListFilter {
  email?: string;
  isStaff?: boolean;
  search?: string;
  limit: number;
  offset: number;
}

/** `%` and `_` in user input are literal, not wildcards. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createUsersRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO users (uuid, email, first_name, last_name, password_hash,
    is_staff, distinct_id, date_joined) VALUES (@uuid, @email, @first_name, @last_name,
    @password_hash, @is_staff, @distinct_id, @date_joined)`);
  const byId = db.prepare('SELECT * FROM users WHERE id = ? AND is_active = 1');
  const byUuid = db.prepare('SELECT * FROM users WHERE uuid = ? AND is_active = 1');
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ? AND is_active = 1');
  const remove = db.prepare('DELETE FROM users WHERE id = ?');
  const countAll = db.prepare('SELECT count(*) AS n FROM users');
  const countStaff = db.prepare('SELECT count(*) AS n FROM users WHERE is_staff = 1 AND is_active = 1');
  const updates = new Map<string, Statement>();
  const lists = new Map<string, { rows: Statement; count: Statement }>();

  function listStatements(filter: UserListFilter) {
    const where = ['is_active = 1'];
    if (filter.email !== undefined) where.push('email = @email');
    if (filter.isStaff !== undefined) where.push('is_staff = @is_staff');
    if (filter.search !== undefined) {
      // Three prefix matches, each able to use its NOCASE index (SQLite's OR optimisation).
      where.push(`(email LIKE @search ESCAPE '\\' OR first_name LIKE @search ESCAPE '\\'
        OR last_name LIKE @search ESCAPE '\\')`);
    }
    const key = where.join(' AND ');
    let cached = lists.get(key);
    if (!cached) {
      cached = {
        rows: db.prepare(`SELECT * FROM users WHERE ${key} ORDER BY id LIMIT @limit OFFSET @offset`),
        count: db.prepare(`SELECT count(*) AS n FROM users WHERE ${key}`),
      };
      lists.set(key, cached);
    }
    return cached;
  }

  return {
    insert(user: NewUser): number {
      return Number(insert.run(user).lastInsertRowid);
    },
    byId: (id: number) => byId.get(id) as UserRow | undefined,
    byUuid: (uuid: string) => byUuid.get(uuid) as UserRow | undefined,
    byEmail: (email: string) => byEmail.get(email) as UserRow | undefined,
    count: () => (countAll.get() as { n: number }).n,
    countStaff: () => (countStaff.get() as { n: number }).n,
    delete: (id: number) => remove.run(id).changes > 0,
    update(id: number, changes: UserUpdate): void {
      const columns = Object.keys(changes).filter((c) =>
        (UPDATABLE_USER_COLUMNS as readonly string[]).includes(c),
      );
      if (columns.length === 0) return;
      const key = columns.join(',');
      let statement = updates.get(key);
      if (!statement) {
        statement = db.prepare(
          `UPDATE users SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
        );
        updates.set(key, statement);
      }
      statement.run({ ...changes, id });
    },
    list(filter: UserListFilter): { count: number; rows: UserRow[] } {
      const { rows, count } = listStatements(filter);
      const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
      if (filter.email !== undefined) params.email = filter.email;
      if (filter.isStaff !== undefined) params.is_staff = filter.isStaff ? 1 : 0;
      if (filter.search !== undefined) params.search = `${escapeLike(filter.search)}%`;
      return {
        count: (count.get(params) as { n: number }).n,
        rows: rows.all(params) as UserRow[],
      };
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
