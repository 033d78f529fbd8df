import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.js';
import { registerActivityRoutes } from './activity.js';
import { registerAdminRoutes } from './admin.js';
import { registerAuthRoutes } from './auth.js';
import { registerDashboardRoutes } from './dashboards.js';
import { registerEmailChangeRoutes } from './email-change.js';
import { registerHedgehogConfigRoutes } from './hedgehog-config.js';
import { registerCheckupRoutes } from './checkup.js';
import { registerExportRoutes } from './export.js';
import { registerLiveRoutes } from './live.js';
import { registerLoginSessionRoutes } from './login-sessions.js';
import { registerPasskeyRoutes } from './passkeys.js';
import { registerPersonalApiKeyRoutes } from './personal-api-keys.js';
import { registerPushTokenRoutes } from './push-tokens.js';
import { registerScenePersonalisationRoutes } from './scene-personalisation.js';
import { registerSystemRoutes } from './system.js';
import { registerTwoFactorRoutes } from './two-factor.js';
import { registerUserReadRoutes } from './users-read.js';
import { registerCurrentPasswordThrottle, registerUserWriteRoutes } from './users-write.js';

/**
 * Every route module, in registration order. Fixed paths under /api/users/ (e.g.
 * cancel_email_change_request) must be registered before the `{uuid}` routes that would swallow them.
 */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  // First, so it covers every route that may take a current_password, whoever registers it.
  registerCurrentPasswordThrottle(app);
  registerSystemRoutes(app);
  registerAuthRoutes(app);
  registerEmailChangeRoutes(app);
  registerTwoFactorRoutes(app);
  // Fixed /api/users/export/ and /api/users/security_overview/ before `{uuid}`.
  registerExportRoutes(app);
  registerCheckupRoutes(app);
  registerLiveRoutes(app);
  registerPasskeyRoutes(app);
  registerUserReadRoutes(app);
  registerUserWriteRoutes(app);
  registerHedgehogConfigRoutes(app);
  registerScenePersonalisationRoutes(app);
  registerPushTokenRoutes(app);
  registerLoginSessionRoutes(app);
  registerActivityRoutes(app);
  registerPersonalApiKeyRoutes(app);
  registerDashboardRoutes(app);
  registerAdminRoutes(app);
}
