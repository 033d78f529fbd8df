import { ActivityQuerySchema, PaginatedActivityListSchema } from '../activity.js';
import { UserPathSchema } from '../common.js';
import { route } from '../route-contract.js';

/** Route 19 (Extension): the user's security events, newest first; staff may read anyone's. */
export const activityRoutes = {
  listActivity: route({
    method: 'get',
    path: '/api/users/{uuid}/activity/',
    access: 'session',
    tags: ['users'],
    summary: 'Security events: sign-ins and failures, 2FA, email and password changes, keys and devices.',
    params: UserPathSchema,
    query: ActivityQuerySchema,
    response: PaginatedActivityListSchema,
  }),
};
