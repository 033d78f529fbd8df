import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { twoFactorRoutes as routes } from '../../../shared/routes/two-factor.js';
import { disableTwoFactor, regenerateBackupCodes, twoFactorStatus } from '../../domain/two-factor.js';
import { startTwoFactorSetup, validateTwoFactorSetup } from '../../domain/two-factor-setup.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';
import { targetUser } from '../target-user.js';

/**
 * Two-factor routes (users-api.md §4 rows 10–14), session only. Start and validate always act on
 * the caller (the uuid is ignored, as in PostHog); status and disable accept another user for
 * staff; backup codes are the caller's own only. The login second step is in auth.ts.
 *
 * A wrong code answers exactly the contract's `Token is not valid`; the window shows the clock
 * hint (security.md 6) itself, with the server's time from GET /_preflight/ `server_time`.
 */
export function registerTwoFactorRoutes(app: OpenAPIHono<AppEnv>): void {
  const startSetup = (c: Context<AppEnv>) => {
    const { user, session } = sessionCallerOf(c);
    return { success: true as const, ...startTwoFactorSetup(c.get('deps'), user, session) };
  };
  const validate = async (c: Context<AppEnv>, { body }: { body: { token: string | number } }) => {
    const { user, session } = sessionCallerOf(c);
    await validateTwoFactorSetup(c.get('deps'), user, session, body.token, c.get('ctx'));
    return { success: true as const };
  };
  const ignoresUuid = { uuidIgnored: true };
  implement(app, routes.twoFactorStartSetup, startSetup, ignoresUuid);
  implement(app, routes.start2faSetup, startSetup, ignoresUuid);
  implement(app, routes.twoFactorValidate, validate, ignoresUuid);
  implement(app, routes.validate2fa, validate, ignoresUuid);

  implement(app, routes.twoFactorStatus, (c, { params }) =>
    twoFactorStatus(c.get('deps'), targetUser(c, params.uuid)),
  );

  implement(app, routes.twoFactorBackupCodes, async (c, { params }) => {
    const { user } = sessionCallerOf(c);
    const target = targetUser(c, params.uuid);
    return { backup_codes: await regenerateBackupCodes(c.get('deps'), user, target, c.get('ctx')) };
  });

  implement(app, routes.twoFactorDisable, (c, { params }) => {
    const { user } = sessionCallerOf(c);
    disableTwoFactor(c.get('deps'), user, targetUser(c, params.uuid), c.get('ctx'));
    return { success: true as const };
  });
}
