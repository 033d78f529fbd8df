import { notFound } from '../../shared/errors.js';
import { createAccount } from '../domain/accounts.js';
import { createKey, deleteKey, listKeys } from '../domain/api-keys.js';
import { createDeps } from '../domain/create-deps.js';
import { disableTwoFactor } from '../domain/two-factor.js';
import type { Deps } from '../domain/deps.js';
import type { UserRow } from '../db/repos/users.js';
import { passwordFrom } from './password-input.js';
import { runSettingsCommand } from './settings-commands.js';
import { UsageError } from './usage.js';

type Flags = Record<string, string | boolean | undefined>;
type Print = (human: string, data: unknown) => void;

const need = (flags: Flags, name: string): string => {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`Missing --${name}.`);
  return v;
};

const summary = (u: UserRow) => ({
  uuid: u.uuid,
  email: u.email,
  first_name: u.first_name,
  last_name: u.last_name,
  is_staff: u.is_staff === 1,
  date_joined: new Date(u.date_joined).toISOString(),
});

function findUser(deps: Deps, ref: string): UserRow {
  const user = ref.includes('@') ? deps.repos.users.byEmail(ref) : deps.repos.users.byUuid(ref.toLowerCase());
  if (!user) throw new UsageError(`No user ${ref}.`);
  return user;
}

/** `userdesk users …` and `userdesk keys …`, straight on the database (safe beside a running server: WAL). */
export async function runAdminCommand(
  dataDir: string,
  words: string[],
  flags: Flags,
  print: Print,
): Promise<void> {
  // Only repairs of loose file modes are logged here (security.md 24): they must not pass silently.
  const deps = createDeps({ dataDir, log: (line) => process.stderr.write(`userdesk: ${line}\n`) });
  try {
    const [group, action, arg] = words;
    if (group === 'settings') {
      await runSettingsCommand(deps, words, flags, print);
    } else if (group === 'users' && action === 'create') {
      const user = await createAccount(deps, {
        email: need(flags, 'email'),
        password: await passwordFrom(flags),
        first_name: typeof flags['first-name'] === 'string' ? flags['first-name'] : '',
        last_name: typeof flags['last-name'] === 'string' ? flags['last-name'] : '',
        is_staff: flags.staff === true,
      });
      print(`Created ${user.email} (${user.uuid})${user.is_staff ? ', staff' : ''}.`, summary(user));
    } else if (group === 'users' && action === 'list') {
      const { rows } = deps.repos.users.list({ limit: 1_000_000, offset: 0 });
      print(
        rows.map((u) => `${u.uuid}  ${u.email}${u.is_staff ? '  (staff)' : ''}`).join('\n') ||
          'No users yet.',
        rows.map(summary),
      );
    } else if (group === 'users' && action === 'show') {
      if (!arg) throw new UsageError('Usage: userdesk users show EMAIL|UUID');
      const user = findUser(deps, arg);
      const data = {
        ...summary(user),
        is_2fa_enabled: deps.repos.totpDevices.forUser(user.id) !== undefined,
        api_keys: deps.repos.personalApiKeys.countForUser(user.id),
        push_tokens: deps.repos.pushTokens.countForUser(user.id),
      };
      print(
        Object.entries(data)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
        data,
      );
    } else if (group === 'users' && action === 'disable-2fa') {
      // The lost-phone path for a single-user install: whoever can run the CLI owns the data dir.
      if (!arg) throw new UsageError('Usage: userdesk users disable-2fa EMAIL|UUID');
      const user = findUser(deps, arg);
      disableTwoFactor(deps, user, user, { ip: '', userAgent: 'userdesk-cli' });
      print(`Two-factor authentication is off for ${user.email}.`, {
        email: user.email,
        is_2fa_enabled: false,
      });
    } else if (group === 'keys' && action === 'create') {
      const user = findUser(deps, need(flags, 'email'));
      const scopes = need(flags, 'scopes')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const { key, value } = createKey(deps, user.id, need(flags, 'label'), scopes);
      print(value, { ...key, value });
    } else if (group === 'keys' && action === 'list') {
      const keys = listKeys(deps, findUser(deps, need(flags, 'email')).id);
      print(
        keys.map((k) => `${k.id}  ${k.mask_value}  ${k.label}  [${k.scopes.join(',')}]`).join('\n') ||
          'No keys.',
        keys,
      );
    } else if (group === 'keys' && action === 'revoke') {
      if (!arg) throw new UsageError('Usage: userdesk keys revoke ID');
      const key = deps.repos.personalApiKeys.byId(arg);
      if (!key) throw notFound();
      deleteKey(deps, key.user_id, key.id, { ip: '', userAgent: 'userdesk-cli' });
      print(`Revoked ${arg}.`, { revoked: arg });
    } else {
      throw new UsageError(`Unknown command: userdesk ${words.join(' ')}`.trim());
    }
  } finally {
    deps.close();
  }
}
