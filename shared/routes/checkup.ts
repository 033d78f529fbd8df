import { UserPathSchema } from '../common.js';
import { SecurityCheckupSchema, SecurityOverviewSchema } from '../checkup.js';
import { route } from '../route-contract.js';

/** Security checkup (issue 15 item 2), Extensions. */
export const checkupRoutes = {
  securityOverview: route({
    method: 'get',
    path: '/api/users/security_overview/',
    access: 'session',
    staffOnly: true,
    tags: ['security checkup'],
    summary:
      'Admin security overview: two-factor coverage, stale keys, staff without two-factor (Extension).',
    response: SecurityOverviewSchema,
  }),
  securityCheckup: route({
    method: 'get',
    path: '/api/users/{uuid}/security_checkup/',
    access: 'user:read',
    tags: ['security checkup'],
    summary:
      "A score (0–100) and what to fix on the caller's account, each with its one-click fix (Extension).",
    params: UserPathSchema,
    response: SecurityCheckupSchema,
  }),
};
