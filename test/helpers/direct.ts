import { createAccount } from '../../main/domain/accounts.js';
import { createKey } from '../../main/domain/api-keys.js';
import { createDeps } from '../../main/domain/create-deps.js';
import { STRONG_PASSWORD, uniqueEmail } from './accounts.js';

/**
 * Creates a user (and optionally a key) straight through the domain on a second connection to the
 * server's database — what `userdesk users create` does beside a running server.
 */
export async function createUserDirect(
  dataDir: string,
  options: { email?: string; password?: string; staff?: boolean; scopes?: string[] } = {},
): Promise<{ email: string; uuid: string; id: number; key?: string }> {
  const deps = createDeps({ dataDir, log: () => {} });
  try {
    const email = options.email ?? uniqueEmail();
    const user = await createAccount(deps, {
      email,
      password: options.password ?? STRONG_PASSWORD,
      first_name: 'Test',
      is_staff: options.staff,
    });
    const key = options.scopes ? createKey(deps, user.id, 'test', options.scopes).value : undefined;
    return { email, uuid: user.uuid, id: user.id, key };
  } finally {
    deps.close();
  }
}
