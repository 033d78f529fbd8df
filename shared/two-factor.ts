import { z } from 'zod';

/**
 * Request and response bodies of the two-factor routes (users-api.md §4 rows 10–14, §2's
 * `/api/login/token`). The server validates with these, the renderer types its client with them and
 * /api/schema/ documents them.
 */

/** GET …/two_factor_start_setup/ (alias start_2fa_setup): a new pending secret for this session. */
export const TwoFactorStartSetupResponseSchema = z
  .object({
    success: z.literal(true),
    /** 32 base32 characters (160 bits). Show it grouped in fours beside the QR code. */
    secret: z.string(),
    /** `otpauth://totp/Userdesk:<email>?secret=…&issuer=Userdesk&algorithm=SHA1&digits=6&period=30` */
    otpauth_uri: z.string(),
  })
  .meta({ id: 'TwoFactorStartSetupResponse' });
export type TwoFactorStartSetupResponse = z.infer<typeof TwoFactorStartSetupResponseSchema>;

/**
 * `{token}`: a 6-digit code as a string or a JSON number (PostHog clients send either). For
 * `/api/login/token` the string may also be a backup code (`xxxxx-xxxxx`, any case, dash optional).
 */
export const TwoFactorTokenSchema = z.union([z.string().max(64), z.number()]);

/** POST …/two_factor_validate/ (alias validate_2fa). */
export const TwoFactorValidateRequestSchema = z
  .object({ token: TwoFactorTokenSchema })
  .meta({ id: 'TwoFactorValidateRequest' });
export type TwoFactorValidateRequest = z.infer<typeof TwoFactorValidateRequestSchema>;

/** GET …/two_factor_status/. Never the codes themselves, only how many are left. */
export const TwoFactorStatusSchema = z
  .object({
    is_enabled: z.boolean(),
    method: z.enum(['TOTP', 'passkey']).nullable(),
    has_totp: z.boolean(),
    has_passkeys: z.boolean(),
    passkeys_enabled_for_2fa: z.boolean(),
    /** Warn the user at 3 or fewer (security.md 10). */
    backup_codes_remaining: z.number().int(),
  })
  .meta({ id: 'TwoFactorStatus' });
export type TwoFactorStatus = z.infer<typeof TwoFactorStatusSchema>;

/** POST …/two_factor_backup_codes/: the 10 new codes, shown this once (stored only as hashes). */
export const BackupCodesResponseSchema = z
  .object({ backup_codes: z.array(z.string()) })
  .meta({ id: 'BackupCodesResponse' });
export type BackupCodesResponse = z.infer<typeof BackupCodesResponseSchema>;

export { BACKUP_CODES_LOW } from './limits.js';

/** The two-factor sentences the contract quotes, plus Userdesk's own. */
export const TwoFactorMessages = {
  /** Kept exactly as the contract quotes it; the renderer adds the clock hint (see two-factor routes). */
  tokenInvalid: 'Token is not valid',
  setupExpired: '2FA setup session expired. Please start setup again.',
  notEnabled: '2FA must be enabled first',
  backupCodesSelfOnly: 'Backup codes can only be generated for your own account.',
  locked:
    'Too many wrong codes in a row: authenticator codes are locked for this account. ' +
    'Sign in with a backup code, or ask a Userdesk administrator to turn off two-factor authentication for you.',
} as const;
