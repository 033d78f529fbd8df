import { LoginRequestSchema, SignupRequestSchema, SuccessSchema } from '../auth.js';
import { PasskeyTokenRequestSchema } from '../passkeys.js';
import { route } from '../route-contract.js';
import { TwoFactorValidateRequestSchema } from '../two-factor.js';
import { UserSchema } from '../user.js';

/** Session routes (users-api.md §2), the second login step included. */
export const authRoutes = {
  login: route({
    method: 'post',
    path: '/api/login/',
    access: 'public',
    tags: ['auth'],
    summary: 'Sign in with email and password; 401 2fa_required when a second factor is needed.',
    body: LoginRequestSchema,
    response: SuccessSchema,
  }),
  loginToken: route({
    method: 'post',
    path: '/api/login/token/',
    // Public so a half-signed-in session reaches it; the route's own rule refuses anyone else.
    access: 'public',
    tags: ['auth'],
    summary:
      'Second login step: {token} — a current TOTP code or an unused backup code — or a passkey assertion ' +
      '{credential_id, response}, after POST /api/login answered 2fa_required (also completes a re-login).',
    body: TwoFactorValidateRequestSchema,
    // The passkey form (users-api.md §6 route 27), taken by passkeyTokenForm before `body` is checked.
    otherBodies: [PasskeyTokenRequestSchema],
    response: SuccessSchema,
  }),
  logout: route({
    method: 'post',
    path: '/api/logout/',
    access: 'public',
    tags: ['auth'],
    summary: 'End the current session.',
    response: SuccessSchema,
  }),
  signup: route({
    method: 'post',
    path: '/api/signup/',
    access: 'public',
    tags: ['auth'],
    status: 201,
    summary: 'Create an account and sign in. Open only for the first account unless staff allowed it.',
    body: SignupRequestSchema,
    response: UserSchema,
  }),
};
