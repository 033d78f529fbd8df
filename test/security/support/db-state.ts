import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Reads the server's database from a second, read-only connection (WAL: it sees every commit) to
 * prove a rejected request changed nothing.
 */
export class DbState {
  readonly db: Database.Database;
  private readonly tables: { name: string; select: Database.Statement }[];
  private readonly lastEvent: Database.Statement;
  private readonly eventsAfter: Database.Statement;

  constructor(dataDir: string) {
    this.db = new Database(path.join(dataDir, 'userdesk.db'), { readonly: true, fileMustExist: true });
    const names = this.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    this.tables = names.map(({ name }) => ({
      name,
      select: this.db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`),
    }));
    this.lastEvent = this.db.prepare('SELECT coalesce(max(id), 0) AS id FROM activity_events');
    this.eventsAfter = this.db.prepare('SELECT type FROM activity_events WHERE id > ? ORDER BY id');
  }

  /** A digest per table of every row (activity_events and throttles apart: see `changedTables`). */
  fingerprint(): Map<string, string> {
    const out = new Map<string, string>();
    for (const { name, select } of this.tables) {
      const hash = createHash('sha1');
      for (const row of select.iterate()) hash.update(JSON.stringify(row));
      out.set(name, hash.digest('hex'));
    }
    return out;
  }

  /** Tables whose content differs between two fingerprints. */
  static changedTables(
    before: Map<string, string>,
    after: Map<string, string>,
    ignore: readonly string[] = [],
  ) {
    return [...after.keys()].filter((t) => !ignore.includes(t) && before.get(t) !== after.get(t));
  }

  /**
   * A digest of every row that belongs to someone other than `userId` (their user row and whatever
   * references them), to prove a non-staff caller's request touched nobody else.
   */
  othersFingerprint(userId: number): string {
    this.others ??= this.tables
      .filter(({ name }) => name === 'users' || this.columns(name).includes('user_id'))
      .map(({ name }) =>
        this.db.prepare(
          `SELECT * FROM "${name}" WHERE ${name === 'users' ? 'id' : 'user_id'} IS NOT ? ORDER BY rowid`,
        ),
      );
    const hash = createHash('sha1');
    for (const select of this.others)
      for (const row of select.iterate(userId)) hash.update(JSON.stringify(row));
    return hash.digest('hex');
  }

  private others?: Database.Statement[];

  private columns(table: string): string[] {
    return (this.db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
  }

  lastEventId(): number {
    return (this.lastEvent.get() as { id: number }).id;
  }

  eventTypesSince(id: number): string[] {
    return (this.eventsAfter.all(id) as { type: string }[]).map((r) => r.type);
  }

  count(table: string, where = '1'): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${where}`).get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * What a refused request may legitimately leave behind: the throttle counters and the security
 * events of a failed login or second-factor try (users-api.md §2: they are counted and logged).
 */
export const REFUSAL_EVENTS = new Set([
  'login_failed',
  'login_throttled',
  'two_factor_failed',
  'two_factor_throttled',
  'two_factor_replay',
  'two_factor_locked',
]);
