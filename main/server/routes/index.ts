import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.js';
import { registerAuthRoutes } from './auth.js';
import { registerSystemRoutes } from './system.js';
import { registerUserReadRoutes } from './users-read.js';

/**
 * Every route module, in registration order. Fixed paths under /api/users/ (e.g.
 * cancel_email_change_request) must be registered before the `{uuid}` routes that would swallow them.
 */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  registerSystemRoutes(app);
  registerAuthRoutes(app);
  registerUserReadRoutes(app);
}
