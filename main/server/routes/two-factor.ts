import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { SuccessSchema } from '../../../shared/auth.js';
import { UserPathSchema } from '../../../shared/common.js';
import { notAuthenticated } from '../../../shared/errors.js';
import {
  BackupCodesResponseSchema,
  TwoFactorStartSetupResponseSchema,
  TwoFactorStatusSchema,
  TwoFactorValidateRequestSchema,
} from '../../../shared/two-factor.js';
import { disableTwoFactor, regenerateBackupCodes, twoFactorStatus } from '../../domain/two-factor.js';
import { completeSecondFactor } from '../../domain/two-factor-login.js';
import { startTwoFactorSetup, validateTwoFactorSetup } from '../../domain/two-factor-setup.js';
import { sessionCallerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { defineRoute, valid } from '../route.js';
import { targetUser } from '../target-user.js';
import { passkeyTokenForm } from './passkeys.js';

/**
 * Two-factor routes (users-api.md §4 rows 10–14) and the login second step (§2). All but the
 * second step are session only. Start and validate always act on the caller (the uuid is ignored,
 * as in PostHog); status and disable accept another user for staff; backup codes are the caller's
 * own only.
 *
 * A wrong code answers exactly the contract's `Token is not valid`; the window shows the clock
 * hint (security.md 6) itself, with the server's time from GET /_preflight/ `server_time`.
 */
export function registerTwoFactorRoutes(app: OpenAPIHono<AppEnv>): void {
  const startSetup = (c: Context<AppEnv>) => {
    const { user, session } = sessionCallerOf(c);
    return c.json({ success: true as const, ...startTwoFactorSetup(c.var.deps, user, session) }, 200);
  };
  for (const name of ['two_factor_start_setup', 'start_2fa_setup']) {
    app.openapi(
      defineRoute({
        method: 'get',
        path: `/api/users/{uuid}/${name}/`,
        access: 'session',
        tags: ['two-factor'],
        summary:
          'Start TOTP enrolment: a new secret, pending for 10 minutes on this session (the uuid is ignored).',
        params: UserPathSchema,
        response: TwoFactorStartSetupResponseSchema,
      }),
      startSetup,
    );
  }

  const validate = async (c: Context<AppEnv>) => {
    const { user, session } = sessionCallerOf(c);
    const { token } = valid(c, 'json', TwoFactorValidateRequestSchema);
    await validateTwoFactorSetup(c.var.deps, user, session, token, c.var.ctx);
    return c.json({ success: true as const }, 200);
  };
  for (const name of ['two_factor_validate', 'validate_2fa']) {
    app.openapi(
      defineRoute({
        method: 'post',
        path: `/api/users/{uuid}/${name}/`,
        access: 'session',
        sensitive: true,
        tags: ['two-factor'],
        summary:
          'Finish enrolment with a code from the new secret: stores the device (replacing any earlier one) ' +
          'and signs out your other sessions.',
        params: UserPathSchema,
        body: TwoFactorValidateRequestSchema,
        response: SuccessSchema,
      }),
      validate,
    );
  }

  app.openapi(
    defineRoute({
      method: 'get',
      path: '/api/users/{uuid}/two_factor_status/',
      access: 'session',
      tags: ['two-factor'],
      summary:
        'Two-factor status and how many backup codes remain (never the codes). Staff may read anyone’s.',
      params: UserPathSchema,
      response: TwoFactorStatusSchema,
    }),
    (c) => {
      const user = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      return c.json(twoFactorStatus(c.var.deps, user), 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/{uuid}/two_factor_backup_codes/',
      access: 'session',
      sensitive: true,
      tags: ['two-factor'],
      summary: 'Replace all backup codes with 10 new ones, shown only in this answer.',
      params: UserPathSchema,
      response: BackupCodesResponseSchema,
    }),
    async (c) => {
      const { user } = sessionCallerOf(c);
      const target = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      const codes = await regenerateBackupCodes(c.var.deps, user, target, c.var.ctx);
      return c.json({ backup_codes: codes }, 200);
    },
  );

  app.openapi(
    defineRoute({
      method: 'post',
      path: '/api/users/{uuid}/two_factor_disable/',
      access: 'session',
      sensitive: true,
      tags: ['two-factor'],
      summary: 'Remove the authenticator and every backup code (idempotent). Staff may do it for anyone.',
      params: UserPathSchema,
      response: SuccessSchema,
    }),
    (c) => {
      const { user } = sessionCallerOf(c);
      const target = targetUser(c, valid(c, 'param', UserPathSchema).uuid);
      disableTwoFactor(c.var.deps, user, target, c.var.ctx);
      return c.json({ success: true as const }, 200);
    },
  );

  // Public so a half-signed-in session reaches it; the guard runs before the body is validated, so
  // a caller with no session learns nothing more than 401.
  const sessionOrPendingOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    const kind = c.var.caller.kind;
    if (kind !== 'pending' && kind !== 'session') throw notAuthenticated();
    await next();
  };
  app.openapi(
    {
      ...defineRoute({
        method: 'post',
        path: '/api/login/token/',
        access: 'public',
        tags: ['auth'],
        summary:
          'Second login step: a current TOTP code or an unused backup code, after POST /api/login answered ' +
          '2fa_required (also completes a re-login).',
        body: TwoFactorValidateRequestSchema,
        response: SuccessSchema,
      }),
      // The passkey form {credential_id, response} (users-api.md §6 route 27) branches off first.
      middleware: [sessionOrPendingOnly, passkeyTokenForm],
    },
    async (c) => {
      const caller = c.var.caller;
      if (caller.kind !== 'pending' && caller.kind !== 'session') throw notAuthenticated();
      const { token } = valid(c, 'json', TwoFactorValidateRequestSchema);
      await completeSecondFactor(c.var.deps, caller.session, token, c.var.ctx);
      return c.json({ success: true as const }, 200);
    },
  );
}
