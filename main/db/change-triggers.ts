/**
 * SQL that makes SQLite itself record every change to a user-owned table in `change_events`
 * (migration 0004), so the live event stream sees writes from every process — the server, the
 * CLI, a second server on the same file — without each write path having to remember to publish.
 * The feed says what changed (kind, row id), never the row's contents.
 */

export interface ChangeTriggerSpec {
  /** The table to watch, e.g. `passkeys`. */
  table: string;
  /** The LiveEventKind its changes are reported as (shared/live-events.ts). */
  kind: string;
  /** Column holding the owning user's id (`id` for the users table itself). */
  userColumn: string;
  /** Column that identifies the row to the API, or null when the row has no id of its own. */
  idColumn: string | null;
  /**
   * Report an UPDATE only when one of these columns changes (e.g. not `last_activity_at`, which
   * moves on every request). Omit to report every update; an empty array reports none.
   */
  updateOf?: readonly string[];
  /**
   * Optional SQL expressions stored in `note` (for the server's security hook), per operation;
   * may use NEW (insert, update) and OLD (update, delete). Never a secret.
   */
  note?: { insert?: string; update?: string; delete?: string };
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return name;
}

/** Unix milliseconds inside SQL (works on every SQLite, unlike unixepoch('subsec')). */
export const SQL_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

function insertEvent(
  spec: ChangeTriggerSpec,
  op: 'insert' | 'update' | 'delete',
  row: 'NEW' | 'OLD',
): string {
  const rowId = spec.idColumn ? `CAST(${row}.${ident(spec.idColumn)} AS TEXT)` : 'NULL';
  const note = spec.note?.[op] ?? 'NULL';
  // Selecting from users skips rows whose user is already gone (a cascade from deleting the user:
  // the user's own `delete` event already says everything), and gives the uuid the event carries.
  return (
    `INSERT INTO change_events (user_id, user_uuid, kind, op, row_id, note, created_at) ` +
    `SELECT u.id, u.uuid, '${ident(spec.kind)}', '${op}', ${rowId}, ${note}, ${SQL_NOW_MS} ` +
    `FROM users u WHERE u.id = ${row}.${ident(spec.userColumn)};`
  );
}

/**
 * CREATE TRIGGER statements reporting INSERT, UPDATE and DELETE on `spec.table`. Run them in a
 * migration (the passkeys table: `changeTriggersSql({ table: 'passkeys', kind: 'passkeys',
 * userColumn: 'user_id', idColumn: 'id' })`).
 */
export function changeTriggersSql(spec: ChangeTriggerSpec): string {
  const table = ident(spec.table);
  const name = `${table}_change_events`;
  const parts = [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} BEGIN ${insertEvent(spec, 'insert', 'NEW')} END;`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} BEGIN ${insertEvent(spec, 'delete', 'OLD')} END;`,
  ];
  if (!spec.updateOf || spec.updateOf.length > 0) {
    const of = spec.updateOf ? ` OF ${spec.updateOf.map(ident).join(', ')}` : '';
    // UPDATE OF fires when the column is assigned, even to the same value: compare, so an
    // upsert that rewrites identical values stays quiet.
    const when = spec.updateOf
      ? ` WHEN ${spec.updateOf.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}`
      : '';
    parts.push(
      `CREATE TRIGGER ${name}_update AFTER UPDATE${of} ON ${table}${when} BEGIN ${insertEvent(spec, 'update', 'NEW')} END;`,
    );
  }
  return parts.join('\n');
}
