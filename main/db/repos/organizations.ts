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
  return {
    insert: (org: Pick<OrganizationRow, 'uuid' | 'name' | 'slug' | 'created_at'>) =>
      Number(insert.run(org).lastInsertRowid),
    byId: (id: number) => byId.get(id) as OrganizationRow | undefined,
    /** PostHog's organization id is its uuid (what the user object shows as `organization.id`). */
    byUuid: (uuid: string) => byUuid.get(uuid) as OrganizationRow | undefined,
    /** The install's organization: the first account created it. */
    first: () => first.get() as OrganizationRow | undefined,
    slugTaken: (slug: string) => slugTaken.get(slug) !== undefined,
    memberCount: (id: number) => (memberCount.get(id) as { n: number }).n,
  };
}
export type OrganizationsRepo = ReturnType<typeof createOrganizationsRepo>;
