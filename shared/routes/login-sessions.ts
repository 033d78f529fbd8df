import { UserPathSchema } from '../common.js';
import {
  LoginSessionListSchema,
  LoginSessionPathSchema,
  RevokeOtherSessionsResultSchema,
} from '../login-sessions.js';
import { route } from '../route-contract.js';

/**
 * Route 16: the user's signed-in sessions (session only; staff may manage anyone's). Revoking
 * another user's sessions also needs a recent login (security.md 26): the server checks that per
 * request, since the same route is not sensitive for your own sessions.
 */
export const loginSessionRoutes = {
  listLoginSessions: route({
    method: 'get',
    path: '/api/users/{uuid}/login_sessions/',
    access: 'session',
    tags: ['sessions'],
    summary: 'Signed-in sessions, most recently active first; `is_current` marks this one.',
    params: UserPathSchema,
    response: LoginSessionListSchema,
  }),
  revokeOtherSessions: route({
    method: 'post',
    path: '/api/users/{uuid}/login_sessions/revoke_others/',
    access: 'session',
    tags: ['sessions'],
    summary:
      'Sign out every other session (all of them when staff acts for another user, which needs a login ' +
      'within the last 2 hours).',
    params: UserPathSchema,
    response: RevokeOtherSessionsResultSchema,
  }),
  revokeLoginSession: route({
    method: 'delete',
    path: '/api/users/{uuid}/login_sessions/{id}/',
    access: 'session',
    tags: ['sessions'],
    summary: "Sign one session out (another user's: staff, with a login within the last 2 hours).",
    params: LoginSessionPathSchema,
    status: 204,
    response: null,
  }),
};
