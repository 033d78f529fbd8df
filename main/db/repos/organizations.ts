import type { Db } from '../open.js';

export interface OrganizationRow {
  id: number;
  uuid: string;
  name: string;
  slug: string;
  enforce_2fa: number | null;
  created_at: number;
  updated_at: number;
}

export function createOrganizationsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO organizations (uuid, name, slug, enforce_2fa, created_at, updated_at)
    VALUES (@uuid, @name, @slug, NULL, @created_at, @created_at)`);
  const byId = db.prepare('SELECT * FROM organizations WHERE id = ?');
  const byUuid = db.prepare('SELECT * FROM organizations WHERE uuid = ?');
  const first = db.prepare('SELECT * FROM organizations ORDER BY id LIMIT 1');
  const slugTaken = db.prepare('SELECT 1 FROM organizations WHERE slug = ?');
  const memberCount = db.prepare('SELECT count(*) AS n FROM memberships WHERE organization_id = ?');
  // member_count is in every user object, and counting 100k memberships takes ~4 ms. Counts are
  // cached and dropped whenever memberships may have changed: on this connection (temp triggers,
  // which also fire for the cascade when a user is deleted, and roll back with their transaction)
  // or on any other connection (PRAGMA data_version moves when another connection commits).
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS membership_epoch (n INTEGER NOT NULL);
    INSERT INTO membership_epoch SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM membership_epoch);
    CREATE TEMP TRIGGER IF NOT EXISTS membership_epoch_insert AFTER INSERT ON main.memberships
      BEGIN UPDATE membership_epoch SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS membership_epoch_delete AFTER DELETE ON main.memberships
      BEGIN UPDATE membership_epoch SET n = n + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS membership_epoch_update AFTER UPDATE ON main.memberships
      BEGIN UPDATE membership_epoch SET n = n + 1; END;`);
  const epoch = db.prepare('SELECT n FROM temp.membership_epoch').pluck();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const counts = new Map<number, number>();
  let countsValidFor = '';
  return {
    insert: (org: Pick<OrganizationRow, 'uuid' | 'name' | 'slug' | 'created_at'>) =>
      Number(insert.run(org).lastInsertRowid),
    byId: (id: number) => byId.get(id) as OrganizationRow | undefined,
    /** PostHog's organization id is its uuid (what the user object shows as `organization.id`). */
    byUuid: (uuid: string) => byUuid.get(uuid) as OrganizationRow | undefined,
    /** The install's organization: the first account created it. */
    first: () => first.get() as OrganizationRow | undefined,
    slugTaken: (slug: string) => slugTaken.get(slug) !== undefined,
    memberCount(id: number): number {
      const version = `${epoch.get() as number}:${dataVersion.get() as number}`;
      if (version !== countsValidFor) {
        counts.clear();
        countsValidFor = version;
      }
      let n = counts.get(id);
      if (n === undefined) {
        n = (memberCount.get(id) as { n: number }).n;
        counts.set(id, n);
      }
      return n;
    },
  };
}
export type OrganizationsRepo = ReturnType<typeof createOrganizationsRepo>;
