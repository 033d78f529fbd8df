import type { ReactNode } from 'react';
import { api } from '../../api/endpoints.js';
import { listItems } from '../../lib/list-items.js';
import { runAction } from '../../lib/errors.js';
import { displayName, formatDateTime, initials } from '../../lib/format.js';
import { useResource, type Resource } from '../../lib/use-resource.js';
import { navigate } from '../../state/router.js';
import { useSession } from '../../state/session.js';
import { confirm } from '../../components/dialogs.js';
import { AppLink } from '../../components/shell.js';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorBlock,
  LoadingBlock,
  PageHeader,
} from '../../components/ui.js';
import {
  ActivityIcon,
  ChevronLeftIcon,
  DevicesIcon,
  KeyIcon,
  ShieldIcon,
  TrashIcon,
} from '../../components/icons.js';
import { PushTokenRows, SessionRows } from '../devices.js';
import { KeyRows } from '../api-keys.js';
import { Timeline } from '../activity.js';

/** One section of the detail: its own loading and error state, so one failure does not blank the page. */
function Section<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ReactNode }) {
  if (resource.loading && resource.data === undefined) return <LoadingBlock rows={2} />;
  if (resource.error) return <ErrorBlock error={resource.error} onRetry={resource.reload} />;
  if (resource.data === undefined) return null;
  return <>{children(resource.data)}</>;
}

export function AdminUserDetailScreen({ uuid }: { uuid: string }) {
  const me = useSession((state) => state.user)!;
  const user = useResource(() => api.getUser(uuid), [uuid]);
  const twoFactor = useResource(() => api.twoFactorStatus(uuid), [uuid]);
  const tokens = useResource(() => api.listPushTokens(uuid), [uuid]);
  const sessions = useResource(() => api.listSessions(uuid), [uuid]);
  const keys = useResource(() => api.listUserKeys(uuid), [uuid]);
  const activity = useResource(() => api.activity(uuid, { limit: 50 }), [uuid]);

  const back = (
    <AppLink to="/admin/users" className="back-link">
      <ChevronLeftIcon size={16} /> All users
    </AppLink>
  );

  if (user.loading && !user.data) {
    return (
      <>
        {back}
        <LoadingBlock rows={6} label="Loading user" />
      </>
    );
  }
  if (user.error || !user.data) {
    return (
      <>
        {back}
        <PageHeader title="User" />
        {user.error ? <ErrorBlock error={user.error} onRetry={user.reload} /> : null}
      </>
    );
  }
  const u = user.data;
  const isMe = u.uuid === me.uuid;

  const setStaff = async (value: boolean) => {
    const ok = await confirm({
      title: value
        ? `Make ${displayName(u)} an administrator?`
        : `Remove administrator access from ${displayName(u)}?`,
      body: value
        ? 'Administrators can see and manage every account on this Userdesk.'
        : 'They keep their account but can no longer manage other users.',
      confirmLabel: value ? 'Make administrator' : 'Remove access',
      tone: value ? 'primary' : 'danger',
    });
    if (!ok) return;
    const updated = await runAction(() => api.patchUser(u.uuid, { is_staff: value }), {
      success: value ? 'Now an administrator' : 'Administrator access removed',
    });
    if (updated) user.setData(updated);
  };

  const disable2fa = async () => {
    const ok = await confirm({
      title: `Turn off two-factor for ${displayName(u)}?`,
      body: 'Their authenticator and backup codes stop working; they can sign in with the password alone until they set it up again. Do this only after confirming who is asking.',
      confirmLabel: 'Turn off two-factor',
    });
    if (!ok) return;
    if (await runAction(() => api.twoFactorDisable(u.uuid), { success: 'Two-factor turned off' })) {
      await Promise.all([twoFactor.reload(), user.reload(), activity.reload()]);
    }
  };

  const remove = async () => {
    const ok = await confirm({
      title: `Delete ${u.email}?`,
      body: 'The account and everything it owns — keys, devices, sessions, memberships — are deleted. This cannot be undone.',
      confirmLabel: 'Delete user',
    });
    if (!ok) return;
    const done = await runAction(() => api.deleteUser(u.uuid).then(() => true), {
      success: `Deleted ${u.email}`,
    });
    if (done) navigate('/admin/users', { replace: true });
  };

  const status = twoFactor.data;
  return (
    <>
      {back}
      <PageHeader
        title={displayName(u)}
        description={u.email}
        actions={
          <>
            <Button
              onClick={() => setStaff(!u.is_staff)}
              disabled={isMe}
              title={isMe ? 'You cannot change your own access' : undefined}
            >
              {u.is_staff ? 'Remove administrator' : 'Make administrator'}
            </Button>
            <Button
              variant="danger"
              icon={<TrashIcon size={16} />}
              onClick={remove}
              disabled={isMe}
              title={isMe ? 'You cannot delete yourself here' : undefined}
            >
              Delete
            </Button>
          </>
        }
      />
      <section className="profile-summary card" aria-label="Profile">
        <span className="avatar avatar-lg" aria-hidden="true">
          {initials(u)}
        </span>
        <div className="profile-summary-text">
          <p className="profile-name">{displayName(u)}</p>
          <p className="muted">{u.email}</p>
          <div className="badge-row">
            {u.is_staff ? <Badge tone="accent">Administrator</Badge> : <Badge>Member</Badge>}
            {u.is_2fa_enabled ? (
              <Badge tone="success">Two-factor on</Badge>
            ) : (
              <Badge tone="warning">Two-factor off</Badge>
            )}
            {isMe ? <Badge>You</Badge> : null}
          </div>
        </div>
        <dl className="profile-facts">
          <Fact label="Joined" value={formatDateTime(u.date_joined)} />
          <Fact label="Organization" value={u.organization?.name ?? '—'} />
          <Fact label="Role" value={u.role_at_organization ?? '—'} />
          <Fact label="Pending email" value={u.pending_email ?? '—'} />
        </dl>
      </section>

      <Card
        title={
          <span className="title-with-icon">
            <ShieldIcon /> Two-factor
          </span>
        }
        actions={
          status?.is_enabled ? (
            <Button variant="danger" onClick={disable2fa}>
              Turn off two-factor
            </Button>
          ) : null
        }
      >
        <Section resource={twoFactor}>
          {(s) => (
            <dl className="facts">
              <Fact label="Status" value={s.is_enabled ? 'On' : 'Off'} />
              <Fact label="Method" value={s.method ?? '—'} />
              <Fact label="Backup codes left" value={String(s.backup_codes_remaining)} />
            </dl>
          )}
        </Section>
      </Card>

      <Card
        title={
          <span className="title-with-icon">
            <DevicesIcon /> Devices and sessions
          </span>
        }
        description="Read-only here: devices are registered and removed by the user's own apps."
      >
        <h3 className="subheading">Push notification devices</h3>
        <Section resource={tokens}>
          {(data) =>
            listItems(data).length ? (
              <PushTokenRows tokens={listItems(data)} />
            ) : (
              <p className="muted small">No devices registered.</p>
            )
          }
        </Section>
        <h3 className="subheading">Sessions</h3>
        <Section resource={sessions}>
          {(data) =>
            listItems(data).length ? (
              <SessionRows sessions={listItems(data)} />
            ) : (
              <p className="muted small">Not signed in anywhere.</p>
            )
          }
        </Section>
      </Card>

      <Card
        title={
          <span className="title-with-icon">
            <KeyIcon /> API keys
          </span>
        }
        description="Masked: a key's value is shown only once, to its owner, when it is created or rolled."
      >
        <Section resource={keys}>
          {(data) => (data.length ? <KeyRows keys={data} /> : <p className="muted small">No API keys.</p>)}
        </Section>
      </Card>

      <Card
        title={
          <span className="title-with-icon">
            <ActivityIcon /> Activity
          </span>
        }
      >
        <Section resource={activity}>
          {(data) =>
            data.results.length ? (
              <Timeline events={data.results} />
            ) : (
              <EmptyState icon={<ActivityIcon />} title="No activity recorded" />
            )
          }
        </Section>
      </Card>
    </>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
