import { SuccessSchema } from '../auth.js';
import { UserPathSchema } from '../common.js';
import { route } from '../route-contract.js';
import {
  BackupCodesResponseSchema,
  TwoFactorStartSetupResponseSchema,
  TwoFactorStatusSchema,
  TwoFactorValidateRequestSchema,
} from '../two-factor.js';

const startSetup = {
  method: 'get',
  access: 'session',
  tags: ['two-factor'],
  summary:
    'Start TOTP enrolment: a new secret, pending for 10 minutes on this session (the uuid is ignored).',
  params: UserPathSchema,
  response: TwoFactorStartSetupResponseSchema,
} as const;

const validate = {
  method: 'post',
  access: 'session',
  sensitive: true,
  tags: ['two-factor'],
  summary:
    'Finish enrolment with a code from the new secret: stores the device (replacing any earlier one) ' +
    'and signs out your other sessions.',
  params: UserPathSchema,
  body: TwoFactorValidateRequestSchema,
  response: SuccessSchema,
} as const;

/** Two-factor routes (users-api.md §4 rows 10–14); each PostHog alias is its own contract. */
export const twoFactorRoutes = {
  twoFactorStartSetup: route({ ...startSetup, path: '/api/users/{uuid}/two_factor_start_setup/' }),
  start2faSetup: route({ ...startSetup, path: '/api/users/{uuid}/start_2fa_setup/' }),
  twoFactorValidate: route({ ...validate, path: '/api/users/{uuid}/two_factor_validate/' }),
  validate2fa: route({ ...validate, path: '/api/users/{uuid}/validate_2fa/' }),
  twoFactorStatus: route({
    method: 'get',
    path: '/api/users/{uuid}/two_factor_status/',
    access: 'session',
    tags: ['two-factor'],
    summary: 'Two-factor status and how many backup codes remain (never the codes). Staff may read anyone’s.',
    params: UserPathSchema,
    response: TwoFactorStatusSchema,
  }),
  twoFactorBackupCodes: route({
    method: 'post',
    path: '/api/users/{uuid}/two_factor_backup_codes/',
    access: 'session',
    sensitive: true,
    tags: ['two-factor'],
    summary: 'Replace all backup codes with 10 new ones, shown only in this answer.',
    params: UserPathSchema,
    response: BackupCodesResponseSchema,
  }),
  twoFactorDisable: route({
    method: 'post',
    path: '/api/users/{uuid}/two_factor_disable/',
    access: 'session',
    sensitive: true,
    tags: ['two-factor'],
    summary: 'Remove the authenticator and every backup code (idempotent). Staff may do it for anyone.',
    params: UserPathSchema,
    response: SuccessSchema,
  }),
};
