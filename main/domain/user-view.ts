import { NOTIFICATION_DEFAULTS } from '../../shared/enums.js';
import type { User } from '../../shared/user.js';
import type { OrganizationRow } from '../db/repos/organizations.js';
import type { SessionRow } from '../db/repos/sessions.js';
import type { TeamRow } from '../db/repos/teams.js';
import type { UserRow } from '../db/repos/users.js';
import type { Deps } from './deps.js';
import { hasSecondFactor } from './passkeys/factors.js';

const iso = (ms: number) => new Date(ms).toISOString();
const bool = (v: number | null) => (v === null ? null : v === 1);
const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Stored notification settings over the defaults, dict-valued keys merged (users-api.md §3). */
export function effectiveNotificationSettings(stored: string): Record<string, unknown> {
  const saved = JSON.parse(stored) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...NOTIFICATION_DEFAULTS, ...saved };
  for (const key of ['project_weekly_digest_disabled', 'organization_member_join_email_disabled'] as const) {
    merged[key] = { ...NOTIFICATION_DEFAULTS[key], ...((saved[key] as object | undefined) ?? {}) };
  }
  return merged;
}

function teamBasic(team: TeamRow, organizationUuid: string) {
  return {
    id: team.id,
    uuid: team.uuid,
    organization: organizationUuid,
    project_id: team.id,
    api_token: team.api_token,
    name: team.name,
    completed_snippet_onboarding: false,
    has_completed_onboarding_for: null,
    ingested_event: false,
    is_demo: false,
    timezone: 'UTC',
    access_control: false,
  };
}

function organizationView(deps: Deps, org: OrganizationRow, level: number | null) {
  const teams = deps.repos.teams.forOrganization(org.id);
  return {
    id: org.uuid,
    name: org.name,
    slug: org.slug,
    logo_media_id: null,
    created_at: iso(org.created_at),
    updated_at: iso(org.updated_at),
    membership_level: level as 1 | 8 | 15 | null,
    plugins_access_level: 9,
    teams: teams.map((t) => teamBasic(t, org.uuid)),
    projects: teams.map((t) => ({ id: t.id, name: t.name, organization_id: org.uuid })),
    available_product_features: [],
    is_member_join_email_enabled: true,
    metadata: '{}',
    customer_id: null,
    enforce_2fa: bool(org.enforce_2fa),
    members_can_invite: true,
    members_can_use_personal_api_keys: true,
    allow_publicly_shared_resources: false,
    member_count: String(deps.repos.organizations.memberCount(org.id)),
    is_ai_data_processing_approved: null,
    default_experiment_stats_method: 'bayesian',
    default_anonymize_ips: false,
    default_role_id: null,
    is_active: true,
    is_not_active_reason: null,
  };
}

/**
 * The full user object of the contract §3. `session` (when the caller is a session) fills
 * `sensitive_session_expires_at`; key callers get null there.
 */
export function viewUser(deps: Deps, user: UserRow, session?: SessionRow): User {
  const memberships = deps.repos.memberships.forUser(user.id);
  const organizations = memberships
    .map((m) => ({ m, org: deps.repos.organizations.byId(m.organization_id) }))
    .filter((x): x is { m: (typeof memberships)[number]; org: OrganizationRow } => !!x.org);
  const current = organizations.find((x) => x.org.id === user.current_organization_id) ?? organizations[0];
  const team = user.current_team_id !== null ? deps.repos.teams.byId(user.current_team_id) : undefined;
  const scenes = team ? deps.repos.scenePersonalisations.forUserTeam(user.id, team.id) : [];

  return {
    date_joined: iso(user.date_joined),
    uuid: user.uuid,
    distinct_id: user.distinct_id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    pending_email: user.pending_email,
    is_email_verified: bool(user.is_email_verified),
    notification_settings: effectiveNotificationSettings(user.notification_settings),
    anonymize_data: bool(user.anonymize_data),
    allow_impersonation: bool(user.allow_impersonation),
    toolbar_mode: user.toolbar_mode as User['toolbar_mode'],
    has_password: user.password_hash !== null,
    id: user.id,
    is_staff: user.is_staff === 1,
    is_impersonated: false,
    is_impersonated_until: null,
    is_impersonated_read_only: false,
    sensitive_session_expires_at: session
      ? iso(session.authenticated_at + deps.config.sensitiveWindowMs)
      : null,
    team: team && current ? teamBasic(team, current.org.uuid) : null,
    organization: current ? organizationView(deps, current.org, current.m.level) : null,
    organizations: organizations.map(({ m, org }) => ({
      id: org.uuid,
      name: org.name,
      slug: org.slug,
      logo_media_id: null,
      membership_level: m.level as 1 | 8 | 15,
      members_can_use_personal_api_keys: true,
      is_active: true,
      is_not_active_reason: null,
    })),
    events_column_config: parse(user.events_column_config),
    is_2fa_enabled: hasSecondFactor(deps, user),
    has_social_auth: false,
    has_sso_enforcement: false,
    has_seen_product_intro_for: parse(user.has_seen_product_intro_for),
    scene_personalisation: scenes.map((s) => ({ scene: s.scene, dashboard: s.dashboard_id })),
    theme_mode: user.theme_mode as User['theme_mode'],
    hedgehog_config: parse(user.hedgehog_config),
    allow_sidebar_suggestions: bool(user.allow_sidebar_suggestions),
    // PostHog returns null as `above` (users-api.md §3).
    shortcut_position: (user.shortcut_position ?? 'above') as User['shortcut_position'],
    role_at_organization: user.role_at_organization as User['role_at_organization'],
    passkeys_enabled_for_2fa: bool(user.passkeys_enabled_for_2fa),
    hide_mcp_hints: user.hide_mcp_hints === 1,
  };
}
