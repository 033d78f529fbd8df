import { z } from 'zod';

/** Email change by code (users-api.md §3): the 6-digit code mailed to the new address. */
export const VerifyEmailRequestSchema = z
  .object({
    uuid: z.string().max(64),
    code: z
      // No length limit here: any wrong code, however long, is the contract's `invalid_code` (PostHog too).
      .union([z.string(), z.number().int()])
      .meta({ description: 'The 6-digit code from the email; spaces and dashes are ignored.' }),
  })
  .meta({ id: 'VerifyEmailRequest' });
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequestSchema>;

/** How long a mailed code stays valid, and how many wrong tries void it. */
export const EMAIL_CHANGE_CODE_TTL_MS = 10 * 60 * 1000;
export const EMAIL_CHANGE_MAX_ATTEMPTS = 5;
