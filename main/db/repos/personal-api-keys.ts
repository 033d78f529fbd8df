import type { Db } from '../open.js';

export interface PersonalApiKeyRow {
  id: string;
  user_id: number;
  label: string;
  /** `sha256$<hex>` of the raw key; the raw value is shown once and never stored. */
  secure_value: string;
  mask_value: string;
  /** JSON array of scopes. */
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  last_rolled_at: number | null;
}

export function createPersonalApiKeysRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO personal_api_keys (id, user_id, label, secure_value, mask_value,
    scopes, created_at, last_used_at, last_rolled_at) VALUES (@id, @user_id, @label, @secure_value,
    @mask_value, @scopes, @created_at, NULL, NULL)`);
  const bySecureValue = db.prepare('SELECT * FROM personal_api_keys WHERE secure_value = ?');
  const byIdForUser = db.prepare('SELECT * FROM personal_api_keys WHERE id = ? AND user_id = ?');
  const byId = db.prepare('SELECT * FROM personal_api_keys WHERE id = ?');
  const forUser = db.prepare(
    'SELECT * FROM personal_api_keys WHERE user_id = ? ORDER BY created_at DESC, id',
  );
  const countForUser = db.prepare('SELECT count(*) AS n FROM personal_api_keys WHERE user_id = ?');
  const touch = db.prepare('UPDATE personal_api_keys SET last_used_at = ? WHERE id = ?');
  const update = db.prepare('UPDATE personal_api_keys SET label = @label, scopes = @scopes WHERE id = @id');
  const roll = db.prepare(`UPDATE personal_api_keys SET secure_value = @secure_value,
    mask_value = @mask_value, last_rolled_at = @at WHERE id = @id`);
  const remove = db.prepare('DELETE FROM personal_api_keys WHERE id = ?');
  return {
    insert: (k: Omit<PersonalApiKeyRow, 'last_used_at' | 'last_rolled_at'>) => insert.run(k),
    bySecureValue: (v: string) => bySecureValue.get(v) as PersonalApiKeyRow | undefined,
    byId: (id: string) => byId.get(id) as PersonalApiKeyRow | undefined,
    byIdForUser: (id: string, userId: number) => byIdForUser.get(id, userId) as PersonalApiKeyRow | undefined,
    forUser: (userId: number) => forUser.all(userId) as PersonalApiKeyRow[],
    countForUser: (userId: number) => (countForUser.get(userId) as { n: number }).n,
    touch: (id: string, at: number) => touch.run(at, id),
    update: (id: string, label: string, scopes: string) => update.run({ id, label, scopes }),
    roll: (id: string, secureValue: string, maskValue: string, at: number) =>
      roll.run({ id, secure_value: secureValue, mask_value: maskValue, at }),
    delete: (id: string) => remove.run(id).changes,
  };
}
export type PersonalApiKeysRepo = ReturnType<typeof createPersonalApiKeysRepo>;
