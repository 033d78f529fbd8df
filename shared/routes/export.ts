import { UserPathSchema } from '../common.js';
import { AllUsersExportQuerySchema, AllUsersExportSchema, MyDataExportSchema } from '../export.js';
import { route } from '../route-contract.js';

/** "Your data to take away" (issue 15 item 3), Extensions. Never a secret, hash or code. */
export const exportRoutes = {
  exportAllUsers: route({
    method: 'get',
    path: '/api/users/export/',
    access: 'session',
    staffOnly: true,
    tags: ['export'],
    summary:
      'Every user, one row each (no secret). `?format=csv` answers text/csv with the same columns ' +
      '(attachment); default JSON (Extension).',
    query: AllUsersExportQuerySchema,
    response: AllUsersExportSchema,
  }),
  exportMyData: route({
    method: 'get',
    path: '/api/users/{uuid}/export/',
    access: 'session',
    tags: ['export'],
    summary:
      "Download the caller's data as JSON: profile, personalisation, devices, session metadata, " +
      'keys (masked), activity. `@me` only (Extension).',
    params: UserPathSchema,
    response: MyDataExportSchema,
  }),
};
