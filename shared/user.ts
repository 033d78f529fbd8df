import { z } from 'zod';
import { ROLES_AT_ORGANIZATION, SHORTCUT_POSITIONS, THEME_MODES, TOOLBAR_MODES } from './enums.js';

/**
 * The user object of the contract (users-api.md §3), shaped after PostHog's generated `User`,
 * `TeamBasic`, `Organization` and `OrganizationBasic` schemas so a PostHog client reads it unchanged.
 * These zod schemas document the responses in /api/schema/ and type the renderer's client.
 */
const json = z.unknown();
const isoDate = z.string().meta({ format: 'date-time' });

export const TeamBasicSchema = z
  .object({
    id: z.number().int(),
    uuid: z.string().uuid(),
    organization: z.string().uuid(),
    project_id: z.number().int(),
    api_token: z.string(),
    name: z.string(),
    completed_snippet_onboarding: z.boolean(),
    has_completed_onboarding_for: json.nullable(),
    ingested_event: z.boolean(),
    is_demo: z.boolean(),
    timezone: z.string(),
    access_control: z.boolean(),
  })
  .meta({ id: 'TeamBasic' });

export const OrganizationBasicSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    slug: z.string(),
    logo_media_id: z.string().nullable(),
    membership_level: z.union([z.literal(1), z.literal(8), z.literal(15)]).nullable(),
    members_can_use_personal_api_keys: z.boolean(),
    is_active: z.boolean().nullable(),
    is_not_active_reason: z.string().nullable(),
  })
  .meta({ id: 'OrganizationBasic' });

export const OrganizationSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    slug: z.string(),
    logo_media_id: z.string().nullable(),
    created_at: isoDate,
    updated_at: isoDate,
    membership_level: z.union([z.literal(1), z.literal(8), z.literal(15)]).nullable(),
    plugins_access_level: z.number().int(),
    teams: z.array(z.record(z.string(), json)),
    projects: z.array(z.record(z.string(), json)),
    available_product_features: z.array(json).nullable(),
    is_member_join_email_enabled: z.boolean(),
    // PostHog's schema types these two method fields as strings.
    metadata: z.string(),
    customer_id: z.string().nullable(),
    enforce_2fa: z.boolean().nullable(),
    members_can_invite: z.boolean().nullable(),
    members_can_use_personal_api_keys: z.boolean(),
    allow_publicly_shared_resources: z.boolean(),
    member_count: z.string(),
    is_ai_data_processing_approved: z.boolean().nullable(),
    default_experiment_stats_method: z.string().nullable(),
    default_anonymize_ips: z.boolean(),
    default_role_id: z.string().nullable(),
    is_active: z.boolean().nullable(),
    is_not_active_reason: z.string().nullable(),
  })
  .meta({ id: 'Organization' });

export const ScenePersonalisationSchema = z
  .object({ scene: z.string(), dashboard: z.number().int().nullable() })
  .meta({ id: 'ScenePersonalisationBasic' });

const themeMode = z.enum([...THEME_MODES, '']).nullable();
const toolbarMode = z.enum([...TOOLBAR_MODES, '']).nullable();
const shortcutPosition = z.enum([...SHORTCUT_POSITIONS, '']).nullable();

export const UserSchema = z
  .object({
    date_joined: isoDate,
    uuid: z.string().uuid(),
    distinct_id: z.string().nullable(),
    first_name: z.string(),
    last_name: z.string(),
    email: z.string(),
    pending_email: z.string().nullable(),
    is_email_verified: z.boolean().nullable(),
    notification_settings: z.record(z.string(), json),
    anonymize_data: z.boolean().nullable(),
    allow_impersonation: z.boolean().nullable(),
    toolbar_mode: toolbarMode,
    has_password: z.boolean(),
    id: z.number().int(),
    is_staff: z.boolean(),
    is_impersonated: z.boolean().nullable(),
    is_impersonated_until: z.string().nullable(),
    is_impersonated_read_only: z.boolean().nullable(),
    sensitive_session_expires_at: z.string().nullable(),
    team: TeamBasicSchema.nullable(),
    organization: OrganizationSchema.nullable(),
    organizations: z.array(OrganizationBasicSchema),
    events_column_config: json,
    is_2fa_enabled: z.boolean(),
    has_social_auth: z.boolean(),
    has_sso_enforcement: z.boolean(),
    has_seen_product_intro_for: json.nullable(),
    scene_personalisation: z.array(ScenePersonalisationSchema),
    theme_mode: themeMode,
    hedgehog_config: json.nullable(),
    allow_sidebar_suggestions: z.boolean().nullable(),
    shortcut_position: shortcutPosition,
    role_at_organization: z.enum(ROLES_AT_ORGANIZATION).nullable(),
    passkeys_enabled_for_2fa: z.boolean().nullable(),
    hide_mcp_hints: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const PaginatedUserListSchema = z
  .object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(UserSchema),
  })
  .meta({ id: 'PaginatedUserList' });
export type PaginatedUserList = z.infer<typeof PaginatedUserListSchema>;

/** GET /api/users/ filters and page (PostHog's list filters). */
export const UserListQuerySchema = z.object({
  email: z.string().max(254).optional(),
  is_staff: z.enum(['true', 'false', 'True', 'False', '1', '0']).optional(),
  search: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/**
 * The writable fields (PATCH; PUT also requires email and password). Unknown keys are stripped,
 * read-only keys ignored. Messages are mapped to DRF's sentences in main/server/validation.ts.
 */
export const UserUpdateSchema = z
  .object({
    first_name: z.string().max(150),
    last_name: z.string().max(150),
    email: z.string().max(254).email(),
    notification_settings: z.record(z.string(), json),
    anonymize_data: z.boolean().nullable(),
    allow_sidebar_suggestions: z.boolean().nullable(),
    passkeys_enabled_for_2fa: z.boolean().nullable(),
    allow_impersonation: z.boolean().nullable(),
    hide_mcp_hints: z.boolean(),
    toolbar_mode: toolbarMode,
    theme_mode: themeMode,
    shortcut_position: shortcutPosition,
    role_at_organization: z.enum(ROLES_AT_ORGANIZATION).nullable(),
    events_column_config: json,
    has_seen_product_intro_for: json,
    hedgehog_config: json,
    is_staff: z.boolean(),
    set_current_organization: z.union([z.string(), z.number()]),
    set_current_team: z.union([z.string(), z.number()]),
    password: z.string().max(128),
    current_password: z.string(),
  })
  .partial()
  .meta({ id: 'PatchedUser' });
export type UserUpdate = z.infer<typeof UserUpdateSchema>;
