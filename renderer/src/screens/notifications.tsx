import type { User, UserUpdate } from '../api/types.js';
import { NOTIFICATION_DEFAULTS } from '../../../shared/enums.js';
import { usePatchMe } from '../lib/use-patch-me.js';
import { useSession } from '../state/session.js';
import { Card, PageHeader, SelectField, SwitchRow } from '../components/ui.js';

type Settings = typeof NOTIFICATION_DEFAULTS;

/** Reads notification_settings with the contract's defaults under whatever the server stored. */
function settingsOf(user: User): Settings {
  return { ...NOTIFICATION_DEFAULTS, ...(user.notification_settings as Partial<Settings>) };
}

const THRESHOLDS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1];

/** Notification settings as toggles; each change PATCHes only its own key (merged server-side). */
export function NotificationsScreen() {
  const user = useSession((state) => state.user)!;
  const { patch, saving } = usePatchMe();
  const settings = settingsOf(user);
  const teamId = user.team ? String(user.team.id) : null;
  const orgId = user.organization ? String(user.organization.id) : null;

  const set = (update: Partial<Settings>) =>
    patch({ notification_settings: update } as UserUpdate, 'Notification settings saved');
  const busy = saving.notification_settings;

  const row = (key: keyof Settings, label: string, description: string, inverted = false) => {
    const value = settings[key] as boolean;
    return (
      <SwitchRow
        key={key}
        label={label}
        description={description}
        checked={inverted ? !value : value}
        disabled={busy}
        onCheckedChange={(checked) => void set({ [key]: inverted ? !checked : checked } as Partial<Settings>)}
      />
    );
  };

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Choose what Userdesk tells you about. Security notices about your account are always sent."
      />
      <Card title="Weekly digests">
        {row('all_weekly_digest_disabled', 'Weekly digests', 'A summary of each project every Monday.', true)}
        {teamId ? (
          <SwitchRow
            label={`Digest for ${user.team?.name ?? 'this project'}`}
            description="Only this project's weekly summary."
            checked={!settings.project_weekly_digest_disabled[teamId] && !settings.all_weekly_digest_disabled}
            disabled={busy || settings.all_weekly_digest_disabled}
            onCheckedChange={(checked) =>
              void set({ project_weekly_digest_disabled: { [teamId]: !checked } })
            }
          />
        ) : null}
        {row(
          'web_analytics_weekly_digest',
          'Web analytics digest',
          'Visitors, pages and sources of the week.',
        )}
        {row(
          'error_tracking_weekly_digest',
          'Error tracking digest',
          'New and recurring issues of the week.',
        )}
      </Card>
      <Card title="Activity">
        {row('discussions_mentioned', 'Mentions', 'When someone mentions you in a discussion.')}
        {row(
          'error_tracking_issue_assigned',
          'Issue assigned',
          'When an error tracking issue is assigned to you.',
        )}
        {orgId ? (
          <SwitchRow
            label="New members"
            description={`When someone joins ${user.organization?.name ?? 'your organization'}.`}
            checked={!settings.organization_member_join_email_disabled[orgId]}
            disabled={busy}
            onCheckedChange={(checked) =>
              void set({ organization_member_join_email_disabled: { [orgId]: !checked } })
            }
          />
        ) : null}
      </Card>
      <Card title="Data pipelines and alerts">
        {row(
          'plugin_disabled',
          'Disabled destinations',
          'When a data pipeline destination is turned off because of errors.',
        )}
        {row(
          'materialized_view_sync_failed',
          'View sync failures',
          'When a materialized view fails to sync.',
        )}
        {row(
          'project_api_key_exposed',
          'Exposed API keys',
          'When a project API key is found in public code.',
        )}
        <SelectField
          label="Pipeline error threshold"
          hint="Tell me when this share of a pipeline's events fail."
          className="narrow"
          value={String(settings.data_pipeline_error_threshold)}
          disabled={busy}
          onChange={(e) => void set({ data_pipeline_error_threshold: Number(e.target.value) })}
          options={[
            ...(THRESHOLDS.includes(settings.data_pipeline_error_threshold)
              ? []
              : [
                  {
                    value: String(settings.data_pipeline_error_threshold),
                    label: `${Math.round(settings.data_pipeline_error_threshold * 1000) / 10}%`,
                  },
                ]),
            ...THRESHOLDS.map((t) => ({ value: String(t), label: t === 0 ? 'Any failure' : `${t * 100}%` })),
          ]}
        />
      </Card>
    </>
  );
}
