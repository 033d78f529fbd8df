import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Messages, permissionDenied } from '../../../shared/errors.js';
import { exportRoutes as routes } from '../../../shared/routes/export.js';
import { allUsersCsv, exportAllUsers, exportMyData } from '../../domain/data-export.js';
import { callerOf } from '../access.js';
import type { AppEnv } from '../env.js';
import { implement } from '../route.js';

/** Your own data is yours to take: `@me` (or your own uuid) only, even for staff. */
const ownOnly = (c: Context<AppEnv>, params: Record<string, string>) => {
  const uuid = params.uuid ?? '';
  if (uuid !== '@me' && uuid.toLowerCase() !== callerOf(c).user.uuid) throw permissionDenied(Messages.meOnly);
};

const stamp = (iso: string) => iso.slice(0, 10);

export function registerExportRoutes(app: OpenAPIHono<AppEnv>): void {
  implement(app, routes.exportAllUsers, (c, { query }) => {
    const data = exportAllUsers(c.get('deps'));
    if (query.format !== 'csv') return data;
    return new Response(allUsersCsv(data), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="userdesk-users-${stamp(data.exported_at)}.csv"`,
      },
    });
  });
  implement(
    app,
    routes.exportMyData,
    (c) => {
      const data = exportMyData(c.get('deps'), callerOf(c).user);
      c.header(
        'content-disposition',
        `attachment; filename="userdesk-my-data-${stamp(data.exported_at)}.json"`,
      );
      return data;
    },
    { authorize: ownOnly },
  );
}
