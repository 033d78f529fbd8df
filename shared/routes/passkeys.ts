import { SuccessSchema } from '../auth.js';
import {
  LoginPrecheckRequestSchema,
  LoginPrecheckResponseSchema,
  PasskeyAssertionSchema,
  PasskeyCreationOptionsSchema,
  PasskeyCredentialListSchema,
  PasskeyCredentialSchema,
  PasskeyPathSchema,
  PasskeyRegisterCompleteRequestSchema,
  PasskeyRegisterCompleteResponseSchema,
  PasskeyRenameRequestSchema,
  PasskeyRequestOptionsSchema,
  PasskeyTwoFactorMethodsSchema,
} from '../passkeys.js';
import { route } from '../route-contract.js';

const tags = ['passkeys'] as const;
const errorNote = ' Errors carry PostHog\u2019s `error` key (= `detail`) besides the contract\u2019s four.';

/**
 * Routes 20–26 of users-api.md §6 (PostHog's passkey routes). Route 27, the passkey form
 * `{credential_id, response}` of POST /api/login/token, is served by the two-factor routes.
 */
export const passkeyRoutes = {
  passkeyRegisterBegin: route({
    method: 'post',
    path: '/api/webauthn/register/begin/',
    access: 'session',
    sensitive: true,
    tags,
    summary:
      'Creation options for a new passkey (`optionsJSON` of startRegistration): discoverable, user verification ' +
      'required, ES256/EdDSA/ES512/RS256; the challenge is bound to this session for 5 minutes.' +
      errorNote,
    response: PasskeyCreationOptionsSchema,
  }),
  passkeyRegisterComplete: route({
    method: 'post',
    path: '/api/webauthn/register/complete/',
    access: 'session',
    sensitive: true,
    tags,
    summary:
      'The registration response (spread) plus optional `label` (≤200, default "Passkey"): verified and stored ' +
      'unverified; verify it next with …/credentials/{id}/verify/.' +
      errorNote,
    body: PasskeyRegisterCompleteRequestSchema,
    response: PasskeyRegisterCompleteResponseSchema,
  }),
  passkeyVerifyBegin: route({
    method: 'post',
    path: '/api/webauthn/credentials/{id}/verify/',
    access: 'session',
    tags,
    summary:
      'Request options for one unverified passkey of yours (`optionsJSON` of startAuthentication).' +
      errorNote,
    params: PasskeyPathSchema,
    response: PasskeyRequestOptionsSchema,
  }),
  passkeyVerifyComplete: route({
    method: 'post',
    path: '/api/webauthn/credentials/{id}/verify_complete/',
    access: 'session',
    tags,
    summary:
      'The assertion for that passkey → verified. Your first verified passkey signs out your other sessions.' +
      errorNote,
    params: PasskeyPathSchema,
    body: PasskeyAssertionSchema,
    response: PasskeyCredentialSchema,
  }),
  passkeyList: route({
    method: 'get',
    path: '/api/webauthn/credentials/',
    access: 'session',
    tags,
    summary: 'Your passkeys, newest first, verified or not (a plain array).' + errorNote,
    response: PasskeyCredentialListSchema,
  }),
  passkeyRename: route({
    method: 'patch',
    path: '/api/webauthn/credentials/{id}/',
    access: 'session',
    tags,
    summary: 'Rename one of your passkeys.' + errorNote,
    params: PasskeyPathSchema,
    body: PasskeyRenameRequestSchema,
    response: PasskeyCredentialSchema,
  }),
  passkeyDelete: route({
    method: 'delete',
    path: '/api/webauthn/credentials/{id}/',
    access: 'session',
    sensitive: true,
    tags,
    summary: 'Remove one of your passkeys (you are told by mail).' + errorNote,
    params: PasskeyPathSchema,
    status: 204,
    response: null,
  }),
  passkeyLoginBegin: route({
    method: 'post',
    path: '/api/webauthn/login/begin/',
    access: 'public',
    tags,
    summary:
      'Passwordless sign-in, step 1: options with `allowCredentials: []` (discoverable); the challenge is bound ' +
      'to an HttpOnly cookie for 5 minutes.' +
      errorNote,
    response: PasskeyRequestOptionsSchema,
  }),
  passkeyLoginComplete: route({
    method: 'post',
    path: '/api/webauthn/login/complete/',
    access: 'public',
    tags,
    summary:
      'Passwordless sign-in, step 2: the whole assertion → a full session (no second step). Signed in already ' +
      'as that user, it re-confirms your identity instead. Throttled per account with password login.' +
      errorNote,
    body: PasskeyAssertionSchema,
    response: SuccessSchema,
  }),
  loginPrecheck: route({
    method: 'post',
    path: '/api/login/precheck/',
    access: 'public',
    tags,
    summary:
      'The verified passkeys of an account, for startAuthentication’s allowCredentials; [] if none.' +
      errorNote,
    body: LoginPrecheckRequestSchema,
    response: LoginPrecheckResponseSchema,
  }),
  passkeyTwoFactorMethods: route({
    method: 'get',
    path: '/api/login/2fa/passkey/methods/',
    access: 'public',
    tags,
    summary:
      'After 2fa_required: `{has_totp, has_passkeys}` (passkeys usable for 2FA). Needs the half-signed-in session.' +
      errorNote,
    response: PasskeyTwoFactorMethodsSchema,
  }),
  passkeyTwoFactorBegin: route({
    method: 'post',
    path: '/api/login/2fa/passkey/begin/',
    access: 'public',
    tags,
    summary:
      'After 2fa_required: options listing your verified passkeys; then POST /api/login/token ' +
      '`{credential_id, response}`.' +
      errorNote,
    response: PasskeyRequestOptionsSchema,
  }),
};
