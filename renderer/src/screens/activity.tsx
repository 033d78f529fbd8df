import { useState, type ReactNode } from 'react';
import { api } from '../api/endpoints.js';
import type { ActivityEvent } from '../api/types.js';
import { formatDateTime, formatDay } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { Button, Card, EmptyState, ErrorBlock, LoadingBlock, PageHeader } from '../components/ui.js';
import {
  ActivityIcon,
  AlertIcon,
  DevicesIcon,
  KeyIcon,
  LogOutIcon,
  MailIcon,
  RefreshIcon,
  ShieldIcon,
  UserIcon,
} from '../components/icons.js';

type Tone = 'neutral' | 'success' | 'warning' | 'danger';

const EVENTS: Record<string, { label: string; tone: Tone; icon: ReactNode }> = {
  login: { label: 'Signed in', tone: 'success', icon: <UserIcon size={16} /> },
  relogin: { label: 'Confirmed identity', tone: 'neutral', icon: <UserIcon size={16} /> },
  login_failed: { label: 'Failed sign-in attempt', tone: 'warning', icon: <AlertIcon size={16} /> },
  login_throttled: {
    label: 'Sign-in blocked after repeated failures',
    tone: 'danger',
    icon: <AlertIcon size={16} />,
  },
  logout: { label: 'Signed out', tone: 'neutral', icon: <LogOutIcon size={16} /> },
  signup: { label: 'Account created', tone: 'success', icon: <UserIcon size={16} /> },
  user_created: { label: 'Account created', tone: 'success', icon: <UserIcon size={16} /> },
  user_deleted: { label: 'Account deleted', tone: 'danger', icon: <UserIcon size={16} /> },
  staff_changed: { label: 'Administrator access changed', tone: 'warning', icon: <ShieldIcon size={16} /> },
  two_factor_required: {
    label: 'Password accepted, code requested',
    tone: 'neutral',
    icon: <ShieldIcon size={16} />,
  },
  two_factor_login: { label: 'Signed in with two-factor', tone: 'success', icon: <ShieldIcon size={16} /> },
  two_factor_failed: { label: 'Wrong two-factor code', tone: 'warning', icon: <AlertIcon size={16} /> },
  two_factor_replay: { label: 'A used code was tried again', tone: 'danger', icon: <AlertIcon size={16} /> },
  two_factor_throttled: {
    label: 'Two-factor attempts slowed down',
    tone: 'danger',
    icon: <AlertIcon size={16} />,
  },
  two_factor_enabled: { label: 'Two-factor turned on', tone: 'success', icon: <ShieldIcon size={16} /> },
  two_factor_disabled: { label: 'Two-factor turned off', tone: 'danger', icon: <ShieldIcon size={16} /> },
  backup_codes_generated: {
    label: 'New backup codes generated',
    tone: 'neutral',
    icon: <ShieldIcon size={16} />,
  },
  backup_code_used: { label: 'Backup code used to sign in', tone: 'warning', icon: <ShieldIcon size={16} /> },
  email_change_requested: { label: 'Email change requested', tone: 'neutral', icon: <MailIcon size={16} /> },
  email_change_cancelled: { label: 'Email change cancelled', tone: 'neutral', icon: <MailIcon size={16} /> },
  email_changed: { label: 'Email address changed', tone: 'warning', icon: <MailIcon size={16} /> },
  password_changed: { label: 'Password changed', tone: 'warning', icon: <KeyIcon size={16} /> },
  personal_api_key_created: { label: 'API key created', tone: 'neutral', icon: <KeyIcon size={16} /> },
  personal_api_key_rolled: { label: 'API key rolled', tone: 'neutral', icon: <KeyIcon size={16} /> },
  personal_api_key_updated: { label: 'API key changed', tone: 'neutral', icon: <KeyIcon size={16} /> },
  personal_api_key_deleted: { label: 'API key deleted', tone: 'neutral', icon: <KeyIcon size={16} /> },
  push_token_registered: {
    label: 'Device registered for notifications',
    tone: 'neutral',
    icon: <DevicesIcon size={16} />,
  },
  push_token_removed: { label: 'Device removed', tone: 'neutral', icon: <DevicesIcon size={16} /> },
  session_revoked: { label: 'Session signed out remotely', tone: 'neutral', icon: <LogOutIcon size={16} /> },
  sessions_revoked: { label: 'Other sessions signed out', tone: 'neutral', icon: <LogOutIcon size={16} /> },
  instance_settings_changed: {
    label: 'Sign-up setting changed',
    tone: 'warning',
    icon: <ShieldIcon size={16} />,
  },
};

function describe(type: string) {
  return (
    EVENTS[type] ?? {
      label: type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      tone: 'neutral' as Tone,
      icon: <ActivityIcon size={16} />,
    }
  );
}

/** Row ids and bookkeeping that mean nothing to a person reading the timeline. */
const INTERNAL_DETAIL_KEYS = new Set([
  'id',
  'key',
  'key_id',
  'session',
  'session_id',
  'device',
  'new',
  'evicted',
  'user_id',
  // The acting administrator's uuid: shown as the chip "by an administrator" instead.
  'by_user',
]);

/** The harmless facts an event carries (labels, platforms, reasons), as "key: value" chips. */
function detailText(raw: unknown): string[] {
  let detail = raw;
  if (typeof detail === 'string') {
    try {
      detail = JSON.parse(detail);
    } catch {
      return [];
    }
  }
  if (!detail || typeof detail !== 'object') return [];
  const byAdmin = 'by_user' in detail ? ['by an administrator'] : [];
  return byAdmin.concat(
    Object.entries(detail)
      .filter(([k]) => !INTERNAL_DETAIL_KEYS.has(k))
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v] as const)
      .filter(([, v]) => v !== null && v !== undefined && v !== '' && typeof v !== 'object')
      .slice(0, 4)
      .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`),
  );
}

/** A day-grouped timeline of security events. */
export function Timeline({ events }: { events: ActivityEvent[] }) {
  const days: { day: string; items: ActivityEvent[] }[] = [];
  for (const event of events) {
    const day = formatDay(event.created_at);
    const last = days[days.length - 1];
    if (last && last.day === day) last.items.push(event);
    else days.push({ day, items: [event] });
  }
  return (
    <div className="timeline">
      {days.map(({ day, items }) => (
        <section key={day} className="timeline-day" aria-label={day}>
          <h3 className="timeline-day-title">{day}</h3>
          <ol className="timeline-list">
            {items.map((event) => {
              const { label, tone, icon } = describe(event.type);
              const chips = detailText(event.detail);
              return (
                <li key={event.id} className={`timeline-item tone-${tone}`} data-event-type={event.type}>
                  <span className="timeline-dot" aria-hidden="true">
                    {icon}
                  </span>
                  <div className="timeline-content">
                    <p className="timeline-title">{label}</p>
                    <p className="timeline-meta">
                      <time dateTime={event.created_at}>{formatDateTime(event.created_at)}</time>
                      {event.ip ? <span> · {event.ip}</span> : null}
                      {event.device ? <span> · {event.device}</span> : null}
                    </p>
                    {chips.length ? (
                      <p className="timeline-chips">
                        {chips.map((chip) => (
                          <span key={chip} className="chip">
                            {chip}
                          </span>
                        ))}
                      </p>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}

const PAGE = 50;

export function ActivityScreen() {
  const [pages, setPages] = useState(1);
  const activity = useResource(() => api.activity('@me', { limit: PAGE * pages, offset: 0 }), [pages], {
    live: ['activity'],
  });
  const events = activity.data?.results ?? [];
  const more = activity.data ? activity.data.count > events.length : false;
  return (
    <>
      <PageHeader
        title="Activity"
        description="Security events on your account, newest first. Codes, keys and passwords never appear here."
        actions={
          <Button
            icon={<RefreshIcon size={16} />}
            onClick={() => void activity.reload()}
            loading={activity.loading && Boolean(activity.data)}
          >
            Refresh
          </Button>
        }
      />
      <Card>
        {activity.loading && !activity.data ? (
          <LoadingBlock rows={5} />
        ) : activity.error ? (
          <ErrorBlock error={activity.error} onRetry={activity.reload} />
        ) : events.length === 0 ? (
          <EmptyState icon={<ActivityIcon />} title="Nothing yet">
            Sign-ins, two-factor changes, keys and devices will show up here.
          </EmptyState>
        ) : (
          <>
            <Timeline events={events} />
            {more ? (
              <div className="load-more">
                <Button onClick={() => setPages((p) => p + 1)} loading={activity.loading}>
                  Show older events
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
