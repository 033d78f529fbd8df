/**
 * Bulk seeding for the bench and the hardening tests: N users in one transaction, straight through
 * the repositories' prepared statements, with personal API keys, push tokens and some TOTP devices
 * (sealed under the data dir's real data key) and backup codes.
 *
 * Deliberate shortcuts, fine for measurements and never for real data: every seeded user shares one
 * password hash and every seeded backup code shares one scrypt hash (N = 2^17 and 2^14 per row would
 * turn a 100k seed into hours).
 */
import { randomBytes } from 'node:crypto';
import { MembershipLevel } from '../main/db/repos/memberships.js';
import { createAccount } from '../main/domain/accounts.js';
import { secureValueOf } from '../main/domain/api-keys.js';
import { hashBackupCode } from '../main/domain/backup-codes.js';
import { createDeps } from '../main/domain/create-deps.js';
import { hashPassword } from '../main/domain/passwords.js';
import { seal } from '../main/domain/secret-box.js';
import { randomBase62, sha256Hex, uuid4 } from '../main/domain/tokens.js';
import { generateTotpSecret } from '../main/domain/totp.js';

export const SEED_PASSWORD = 'correct horse battery staple 42';
/** The backup code every seeded 2FA user holds (ten rows, all this code's hash). */
export const SEED_BACKUP_CODE = 'abcde-fghjk';
/** AAD the two-factor module binds a sealed TOTP secret to (its row). */
export const totpAad = (userId: number) => `totp:${userId}`;

export interface SeedOptions {
  dataDir: string;
  users: number;
  /** One key per user with scopes ['*'] (raw values returned for the first `returnKeys`). */
  keysPerUser?: number;
  pushTokensPerUser?: number;
  /** Every n-th user gets a TOTP device and 10 backup codes (0 = none). */
  totpEvery?: number;
  returnKeys?: number;
  /** Fixed "now" for every row (ms). */
  now?: number;
}

export interface SeedResult {
  ms: number;
  users: number;
  keys: number;
  pushTokens: number;
  totpDevices: number;
  staff: { id: number; uuid: string; email: string; key: string };
  /** Non-staff users with a raw key each (scope *), for load generators. */
  sample: { id: number; uuid: string; email: string; key: string; totpSecret?: string }[];
  /** TOTP secrets of seeded 2FA users, by id (first `returnKeys` of them). */
  totpUsers: { id: number; email: string; secret: string }[];
  /** Search prefixes that match a handful of users each. */
  searchPrefixes: string[];
}

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Dennis',
  'Frances',
  'John',
  'Radia',
  'Tim',
  'Linus',
  'Guido',
  'Bjarne',
  'Niklaus',
  'Leslie',
  'Shafi',
  'Sophie',
  'Hedy',
  'Katherine',
  'Mary',
  'Claude',
  'Tony',
  'Robin',
  'Jean',
  'Annie',
  'Evelyn',
  'Lynn',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'te',
  'vo',
  'zi',
  'ba',
  'de',
  'fo',
  'gu',
  'hi',
  'jo',
  'ku',
  'la',
  'me',
  'no',
  'pa',
  're',
  'si',
  'to',
  'vu',
  'wa',
  'xe',
  'yo',
  'ze',
  'bri',
  'dra',
  'fle',
  'gro',
];

/** A deterministic, fairly spread surname for index i: ~32^3 distinct values. */
function lastName(i: number): string {
  const a = SYLLABLES[i % 32];
  const b = SYLLABLES[Math.floor(i / 32) % 32];
  const c = SYLLABLES[Math.floor(i / 1024) % 32];
  const s = `${c}${b}${a}`;
  return s[0].toUpperCase() + s.slice(1);
}

/** CSPRNG bytes drawn 64 KiB at a time: 100k users need ~1M small draws. */
function pooledRandom() {
  let pool = randomBytes(65536);
  let at = 0;
  return {
    bytes(n: number): Buffer {
      if (at + n > pool.length) {
        pool = randomBytes(Math.max(65536, n));
        at = 0;
      }
      at += n;
      return pool.subarray(at - n, at);
    },
  };
}

/**
 * Seeds `options.users` users into the data dir (the first, made through `createAccount`, is the
 * staff owner of the organization every other user joins as a member). Returns raw credentials for
 * a sample of users and the time the bulk transaction took.
 */
export async function seedUsers(options: SeedOptions): Promise<SeedResult> {
  const keysPerUser = options.keysPerUser ?? 1;
  const pushPerUser = options.pushTokensPerUser ?? 2;
  const totpEvery = options.totpEvery ?? 10;
  const returnKeys = options.returnKeys ?? 64;
  const now = options.now ?? Date.now();
  const deps = createDeps({ dataDir: options.dataDir, log: () => {} });
  try {
    const random = pooledRandom();
    const [passwordHash, backupHash] = await Promise.all([
      hashPassword(SEED_PASSWORD),
      hashBackupCode(SEED_BACKUP_CODE),
    ]);
    const dataKey = deps.dataKey.getKey();
    const { repos, db } = deps;
    // The random-keyed indexes (uuid, key digests) outgrow SQLite's 2 MB default page cache long before
    // 100k rows; a larger cache for this one connection keeps the bulk insert in memory until commit.
    db.pragma('cache_size = -262144');

    const mintKey = (userId: number) => {
      const value = `phx_${randomBase62(random, 47)}`;
      repos.personalApiKeys.insert({
        id: uuid4(random),
        user_id: userId,
        label: 'seeded',
        secure_value: secureValueOf(value),
        mask_value: `phx_…${value.slice(-4)}`,
        scopes: '["*"]',
        created_at: now,
      });
      return value;
    };

    let staff = repos.users.list({ isStaff: true, limit: 1, offset: 0 }).rows[0];
    if (!staff) {
      staff = await createAccount(deps, {
        email: 'staff@bench.example',
        password: SEED_PASSWORD,
        first_name: 'Staff',
        organization_name: 'Bench',
      });
    }
    const organizationId = staff.current_organization_id!;
    const teamId = staff.current_team_id!;
    const staffKey = db.transaction(() => mintKey(staff.id))();

    const sample: SeedResult['sample'] = [];
    const totpUsers: SeedResult['totpUsers'] = [];
    let keys = 0;
    let pushTokens = 0;
    let totpDevices = 0;
    const base = repos.users.count();
    const started = performance.now();
    db.transaction(() => {
      for (let i = 0; i < options.users; i++) {
        const n = base + i;
        const first = FIRST[n % FIRST.length];
        const last = lastName(n);
        const email = `${first}.${last}.${n}@bench.example`.toLowerCase();
        const id = repos.users.insert({
          uuid: uuid4(random),
          email,
          first_name: first,
          last_name: last,
          password_hash: passwordHash,
          is_staff: 0,
          distinct_id: randomBase62(random, 43),
          date_joined: now,
        });
        repos.users.update(id, { current_organization_id: organizationId, current_team_id: teamId });
        repos.memberships.insert({
          organization_id: organizationId,
          user_id: id,
          level: MembershipLevel.member,
          joined_at: now,
        });
        let key = '';
        for (let k = 0; k < keysPerUser; k++, keys++) key = mintKey(id);
        for (let p = 0; p < pushPerUser; p++, pushTokens++) {
          repos.pushTokens.upsert(
            id,
            `tok-${sha256Hex(`${n}:${p}`).slice(0, 40)}`,
            p % 2 ? 'ios' : 'android',
            now,
          );
        }
        let totpSecret: string | undefined;
        if (totpEvery > 0 && i % totpEvery === 0) {
          totpSecret = generateTotpSecret(random.bytes);
          repos.totpDevices.replace({
            user_id: id,
            secret_sealed: seal(dataKey, totpSecret, totpAad(id)),
            last_step: null,
            created_at: now,
          });
          repos.backupCodes.replaceAll(id, Array(10).fill(backupHash), now);
          totpDevices++;
          if (totpUsers.length < returnKeys) totpUsers.push({ id, email, secret: totpSecret });
        }
        if (sample.length < returnKeys && key && !totpSecret) {
          sample.push({ id, uuid: repos.users.byId(id)!.uuid, email, key });
        }
      }
    })();
    const ms = performance.now() - started;
    const searchPrefixes = sample.slice(0, 16).map((u) => u.email.split('.')[1].slice(0, 6));
    return {
      ms,
      users: options.users,
      keys,
      pushTokens,
      totpDevices,
      staff: { id: staff.id, uuid: staff.uuid, email: staff.email, key: staffKey },
      sample,
      totpUsers,
      searchPrefixes,
    };
  } finally {
    deps.close();
  }
}
