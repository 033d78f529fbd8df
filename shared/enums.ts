/** Enumerations of the contract (users-api.md §3), shared by server validation and the UI. */
export const THEME_MODES = ['light', 'dark', 'system'] as const;
export const TOOLBAR_MODES = ['disabled', 'toolbar'] as const;
export const SHORTCUT_POSITIONS = ['above', 'below', 'hidden'] as const;
export const ROLES_AT_ORGANIZATION = [
  'engineering',
  'data',
  'product',
  'founder',
  'leadership',
  'marketing',
  'sales',
  'other',
] as const;
export const PUSH_PLATFORMS = ['ios', 'android', 'web'] as const;

export type ThemeMode = (typeof THEME_MODES)[number];
export type ToolbarMode = (typeof TOOLBAR_MODES)[number];
export type ShortcutPosition = (typeof SHORTCUT_POSITIONS)[number];
export type RoleAtOrganization = (typeof ROLES_AT_ORGANIZATION)[number];
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];

/** notification_settings defaults; dict-valued keys map ids to booleans. */
export const NOTIFICATION_DEFAULTS = {
  plugin_disabled: true,
  discussions_mentioned: true,
  project_weekly_digest_disabled: {} as Record<string, boolean>,
  all_weekly_digest_disabled: false,
  error_tracking_issue_assigned: true,
  error_tracking_weekly_digest: true,
  data_pipeline_error_threshold: 0.01,
  project_api_key_exposed: true,
  materialized_view_sync_failed: false,
  web_analytics_weekly_digest: true,
  organization_member_join_email_disabled: {} as Record<string, boolean>,
};
export type NotificationSettings = typeof NOTIFICATION_DEFAULTS;

/** PATCH keys that never need a recent login (users-api.md §2, "Recently authenticated gate"). */
export const NON_SENSITIVE_USER_FIELDS = [
  'theme_mode',
  'set_current_organization',
  'set_current_team',
  'allow_sidebar_suggestions',
  'shortcut_position',
  'has_seen_product_intro_for',
  'events_column_config',
  'role_at_organization',
  'hedgehog_config',
  'toolbar_mode',
  'notification_settings',
  'hide_mcp_hints',
] as const;
