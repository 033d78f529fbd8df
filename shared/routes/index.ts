import type { ByKey } from '../route-contract.js';
import { passkeyRoutes } from './passkeys.js';
import { pushTokenRoutes } from './push-tokens.js';

/**
 * Every route of the API, by name. The server registers each (main/server/routes/), /api/schema/
 * documents each, and the renderer's client is typed by `RouteTable` below. A new resource adds its
 * own file here.
 */
export const routes = {
  ...pushTokenRoutes,
  ...passkeyRoutes,
};

export type Routes = typeof routes;
/** The same table keyed by `"METHOD path"`, as the renderer's client names routes. */
export type RouteTable = ByKey<Routes>;
export type RouteKey = keyof RouteTable;
