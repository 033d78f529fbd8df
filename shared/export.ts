import { z } from 'zod';
import { ActivityEventSchema } from './activity.js';
import { PersonalApiKeySchema } from './api-keys.js';
import { PushTokenListItemSchema } from './push-tokens.js';

/**
 * "Your data to take away" (issue 15 item 3). Never a secret, hash or code: no password hash,
 * TOTP secret, backup code, key value or digest, session token or CSRF token. Keys appear as
 * their mask (`phx_…abcd`), devices as a token preview, sessions by their list id.
 */
const isoDate = z.string().meta({ format: 'date-time' });
const json = z.unknown();

export const EXPORT_FORMAT_VERSION = 1;

export const ExportProfileSchema = z
  .object({
    uuid: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    distinct_id: z.string(),
    date_joined: isoDate,
    is_staff: z.boolean(),
    is_active: z.boolean(),
    is_email_verified: z.boolean().nullable(),
    pending_email: z.string().nullable(),
    role_at_organization: z.string().nullable(),
    has_password: z.boolean(),
    password_changed_at: isoDate.nullable(),
    organizations: z.array(z.object({ name: z.string(), slug: z.string(), level: z.number().int() })),
  })
  .meta({ id: 'ExportProfile' });

export const ExportPersonalisationSchema = z
  .object({
    theme_mode: z.string().nullable(),
    toolbar_mode: z.string().nullable(),
    shortcut_position: z.string().nullable(),
    notification_settings: json,
    events_column_config: json,
    hedgehog_config: json.nullable(),
    has_seen_product_intro_for: json.nullable(),
    anonymize_data: z.boolean().nullable(),
    allow_impersonation: z.boolean().nullable(),
    allow_sidebar_suggestions: z.boolean().nullable(),
    hide_mcp_hints: z.boolean(),
    scene_personalisation: z.array(z.object({ scene: z.string(), dashboard: z.number().int().nullable() })),
  })
  .meta({ id: 'ExportPersonalisation' });

export const ExportSessionSchema = z
  .object({
    id: z.number().int(),
    state: z.enum(['active', 'pending_2fa']),
    created_at: isoDate,
    last_activity: isoDate,
    expires_at: isoDate,
    device: z.string(),
    ip: z.string(),
  })
  .meta({ id: 'ExportSession' });

export const MyDataExportSchema = z
  .object({
    format_version: z.literal(EXPORT_FORMAT_VERSION),
    exported_at: isoDate,
    profile: ExportProfileSchema,
    personalisation: ExportPersonalisationSchema,
    devices: z.array(PushTokenListItemSchema),
    sessions: z.array(ExportSessionSchema),
    api_keys: z.array(PersonalApiKeySchema),
    two_factor: z.object({
      enabled: z.boolean(),
      enabled_at: isoDate.nullable(),
      backup_codes_remaining: z.number().int(),
    }),
    /** The whole security activity log, newest first. */
    activity: z.array(ActivityEventSchema),
  })
  .meta({ id: 'MyDataExport' });
export type MyDataExport = z.infer<typeof MyDataExportSchema>;

/** One row of the admin export; also the CSV columns, in this order. */
export const ExportUserRowSchema = z
  .object({
    uuid: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    is_staff: z.boolean(),
    is_active: z.boolean(),
    date_joined: isoDate,
    is_email_verified: z.boolean().nullable(),
    two_factor_enabled: z.boolean(),
    backup_codes_remaining: z.number().int(),
    api_key_count: z.number().int(),
    device_count: z.number().int(),
    session_count: z.number().int(),
    last_login: isoDate.nullable(),
  })
  .meta({ id: 'ExportUserRow' });
export type ExportUserRow = z.infer<typeof ExportUserRowSchema>;

export const EXPORT_USER_COLUMNS = [
  'uuid',
  'email',
  'first_name',
  'last_name',
  'is_staff',
  'is_active',
  'date_joined',
  'is_email_verified',
  'two_factor_enabled',
  'backup_codes_remaining',
  'api_key_count',
  'device_count',
  'session_count',
  'last_login',
] as const satisfies readonly (keyof ExportUserRow)[];

export const AllUsersExportSchema = z
  .object({
    format_version: z.literal(EXPORT_FORMAT_VERSION),
    exported_at: isoDate,
    users: z.array(ExportUserRowSchema),
  })
  .meta({ id: 'AllUsersExport' });
export type AllUsersExport = z.infer<typeof AllUsersExportSchema>;

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export const AllUsersExportQuerySchema = z.object({
  format: z
    .enum(EXPORT_FORMATS)
    .optional()
    .meta({
      description: '`json` (default) or `csv` (text/csv, one row per user, columns as ExportUserRow).',
    }),
});
