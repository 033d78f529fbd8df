import type { ByKey } from '../route-contract.js';
import { activityRoutes } from './activity.js';
import { adminRoutes } from './admin.js';
import { authRoutes } from './auth.js';
import { dashboardRoutes } from './dashboards.js';
import { loginSessionRoutes } from './login-sessions.js';
import { passkeyRoutes } from './passkeys.js';
import { personalApiKeyRoutes } from './personal-api-keys.js';
import { checkupRoutes } from './checkup.js';
import { exportRoutes } from './export.js';
import { liveRoutes } from './live.js';
import { pushTokenRoutes } from './push-tokens.js';
import { systemRoutes } from './system.js';
import { twoFactorRoutes } from './two-factor.js';
import { userRoutes } from './users.js';

/**
 * Every route of the API, by name. The server registers each (main/server/routes/), /api/schema/
 * documents each, and the renderer's client is typed by `RouteTable` below. A new resource adds its
 * own file here. Names are unique across files (a duplicate would silently replace a route).
 */
export const routes = {
  ...systemRoutes,
  ...authRoutes,
  ...userRoutes,
  ...twoFactorRoutes,
  ...pushTokenRoutes,
  ...passkeyRoutes,
  ...loginSessionRoutes,
  ...activityRoutes,
  ...personalApiKeyRoutes,
  ...dashboardRoutes,
  ...adminRoutes,
  ...liveRoutes,
  ...checkupRoutes,
  ...exportRoutes,
};

export type Routes = typeof routes;
/** The same table keyed by `"METHOD path"`, as the renderer's client names routes. */
export type RouteTable = ByKey<Routes>;
export type RouteKey = keyof RouteTable;
