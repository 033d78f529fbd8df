import { z } from 'zod';

/**
 * The security checkup (issue 15 item 2): a score and what to fix, each finding with a machine
 * id the window keys its text and its one-click fix on.
 */
export const CHECKUP_FINDING_IDS = [
  'two_factor_off',
  'backup_codes_low',
  /** One finding per key whose scopes include `*`. */
  'api_key_wildcard_scope',
  /** One finding per key not used (or, never used, not created) for 90 days. */
  'api_key_unused',
  /** One finding per session idle for a week (sessions end after 14 idle days, 30 in all). */
  'session_idle',
  /** The password's zxcvbn score when it was set is below 3. */
  'password_weak',
  /** Set before scores were kept: unknown, so the checkup suggests changing it once. */
  'password_strength_unknown',
  'email_change_pending',
] as const;
export type CheckupFindingId = (typeof CHECKUP_FINDING_IDS)[number];

/** The one-click fix the window offers for a finding. */
export const CHECKUP_FIXES = [
  'enable_two_factor',
  'regenerate_backup_codes',
  'edit_api_key_scopes',
  'delete_api_key',
  'revoke_session',
  'change_password',
  'cancel_email_change',
] as const;
export type CheckupFix = (typeof CHECKUP_FIXES)[number];

export const CHECKUP_SEVERITIES = ['high', 'medium', 'low'] as const;

/** Thresholds, shared so the window can say them ("unused for 90 days"). */
export const CHECKUP_LIMITS = {
  backupCodesLow: 3,
  keyUnusedDays: 90,
  // Not 30: with a 14-day idle expiry and a 30-day lifetime, a 30-day-idle session never exists.
  sessionIdleDays: 7,
  /** zxcvbn scores 0–4; below this is weak. */
  passwordStrongScore: 3,
} as const;

const isoDate = z.string().meta({ format: 'date-time' });

export const CheckupFindingSchema = z
  .object({
    id: z.enum(CHECKUP_FINDING_IDS),
    severity: z.enum(CHECKUP_SEVERITIES),
    /** Points this finding takes off the score. */
    penalty: z.number().int(),
    /** A plain sentence (English) the window may show; never a secret. */
    detail: z.string(),
    fix: z.enum(CHECKUP_FIXES),
    /** What the fix acts on: a key id, a session id (as a string), or null for the account. */
    target_id: z.string().nullable(),
    /** A label for the target (key label, session device), or null. */
    target_label: z.string().nullable(),
  })
  .meta({ id: 'CheckupFinding' });
export type CheckupFinding = z.infer<typeof CheckupFindingSchema>;

export const SecurityCheckupSchema = z
  .object({
    /** 0–100; 100 = nothing to fix. */
    score: z.number().int().min(0).max(100),
    /** Sorted: high severity first. */
    findings: z.array(CheckupFindingSchema),
    two_factor_enabled: z.boolean(),
    /** Unused backup codes; null when two-factor is off. */
    backup_codes_remaining: z.number().int().nullable(),
    /** zxcvbn score (0–4) of the password when it was set; null when unknown or no password. */
    password_strength: z.number().int().min(0).max(4).nullable(),
    checked_at: isoDate,
  })
  .meta({ id: 'SecurityCheckup' });
export type SecurityCheckup = z.infer<typeof SecurityCheckupSchema>;

export const OverviewUserSchema = z
  .object({
    uuid: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    is_staff: z.boolean(),
    is_active: z.boolean(),
    two_factor_enabled: z.boolean(),
    /** Keys with `*` scope or unused for 90 days. */
    stale_key_count: z.number().int(),
  })
  .meta({ id: 'SecurityOverviewUser' });
export type OverviewUser = z.infer<typeof OverviewUserSchema>;

export const OverviewStaleKeySchema = z
  .object({
    user_uuid: z.string(),
    user_email: z.string(),
    id: z.string(),
    label: z.string(),
    mask_value: z.string(),
    scopes: z.array(z.string()),
    created_at: isoDate,
    last_used_at: isoDate.nullable(),
    reasons: z.array(z.enum(['wildcard_scope', 'unused'])),
  })
  .meta({ id: 'SecurityOverviewStaleKey' });
export type OverviewStaleKey = z.infer<typeof OverviewStaleKeySchema>;

/** Admin security overview (staff only). */
export const SecurityOverviewSchema = z
  .object({
    users_total: z.number().int(),
    with_two_factor: z.number().int(),
    without_two_factor: z.number().int(),
    staff_total: z.number().int(),
    /** Each staff user without two-factor (link with uuid). */
    staff_without_two_factor: z.array(OverviewUserSchema),
    stale_keys: z.array(OverviewStaleKeySchema),
    /** Every user, email order. */
    users: z.array(OverviewUserSchema),
    checked_at: isoDate,
  })
  .meta({ id: 'SecurityOverview' });
export type SecurityOverview = z.infer<typeof SecurityOverviewSchema>;
