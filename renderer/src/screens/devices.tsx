import { api } from '../api/endpoints.js';
import type { LoginSession, PushToken } from '../api/types.js';
import { listItems } from '../lib/list-items.js';
import { runAction } from '../lib/errors.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { confirm } from '../components/dialogs.js';
import { Table } from '../components/table.js';
import { Badge, Button, Card, EmptyState, ErrorBlock, LoadingBlock, PageHeader } from '../components/ui.js';
import {
  DevicesIcon,
  GlobeIcon,
  LogOutIcon,
  MonitorIcon,
  SmartphoneIcon,
  TrashIcon,
} from '../components/icons.js';

const PLATFORM: Record<string, string> = { ios: 'iOS', android: 'Android', web: 'Web' };

export function platformIcon(platform: string) {
  return platform === 'web' ? <GlobeIcon size={16} /> : <SmartphoneIcon size={16} />;
}

export function Time({ value }: { value: string | null | undefined }) {
  return (
    <time dateTime={value ?? undefined} title={formatDateTime(value)}>
      {formatRelative(value)}
    </time>
  );
}

/** Devices: push tokens registered for notifications, and signed-in sessions. */
export function DevicesScreen() {
  return (
    <>
      <PageHeader
        title="Devices & sessions"
        description="Where your account receives notifications and where it is signed in."
      />
      <PushTokensCard />
      <SessionsCard />
    </>
  );
}

export function PushTokenRows({
  tokens,
  onRemove,
}: {
  tokens: PushToken[];
  onRemove?: (token: PushToken) => void;
}) {
  return (
    <Table
      caption="Push notification devices"
      columns={[
        { label: 'Platform' },
        { label: 'Token' },
        { label: 'Registered' },
        { label: 'Last seen' },
        ...(onRemove
          ? [{ label: <span className="visually-hidden">Actions</span>, className: 'col-actions' }]
          : []),
      ]}
    >
      {tokens.map((token) => (
        <tr key={token.id} data-token-id={token.id}>
          <td>
            <span className="cell-with-icon">
              {platformIcon(token.platform)} {PLATFORM[token.platform] ?? token.platform}
            </span>
          </td>
          <td>
            <code className="mono">{token.token_preview}</code>
          </td>
          <td>
            <Time value={token.created_at} />
          </td>
          <td>
            <Time value={token.last_seen_at} />
          </td>
          {onRemove ? (
            <td className="col-actions">
              <Button
                size="sm"
                variant="ghost"
                icon={<TrashIcon size={16} />}
                onClick={() => onRemove(token)}
                aria-label={`Remove ${PLATFORM[token.platform] ?? token.platform} device ${token.token_preview}`}
              >
                Remove
              </Button>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

function PushTokensCard() {
  const tokens = useResource(() => api.listPushTokens(), [], { live: ['push_tokens'] });
  const list = listItems(tokens.data);
  const remove = async (token: PushToken) => {
    const ok = await confirm({
      title: 'Remove this device?',
      body: `${PLATFORM[token.platform] ?? token.platform} device ${token.token_preview} will stop receiving push notifications until its app registers again.`,
      confirmLabel: 'Remove device',
    });
    if (!ok) return;
    await runAction(() => api.deletePushToken(token.id), { success: 'Device removed' });
    await tokens.reload();
  };
  return (
    <Card
      title="Push notification devices"
      description="Phones and browsers your apps registered through the API. Each keeps its last-seen time."
    >
      {tokens.loading && !tokens.data ? (
        <LoadingBlock rows={2} />
      ) : tokens.error ? (
        <ErrorBlock error={tokens.error} onRetry={tokens.reload} />
      ) : list.length === 0 ? (
        <EmptyState icon={<SmartphoneIcon />} title="No devices registered">
          Apps register a device with <code>POST /api/users/@me/push_tokens/</code>.
        </EmptyState>
      ) : (
        <PushTokenRows tokens={list} onRemove={remove} />
      )}
    </Card>
  );
}

export function SessionRows({
  sessions,
  onRevoke,
}: {
  sessions: LoginSession[];
  onRevoke?: (session: LoginSession) => void;
}) {
  return (
    <Table
      caption="Signed-in sessions"
      columns={[
        { label: 'Device' },
        { label: 'Signed in' },
        { label: 'Last active' },
        ...(onRevoke
          ? [{ label: <span className="visually-hidden">Actions</span>, className: 'col-actions' }]
          : []),
      ]}
    >
      {sessions.map((session) => (
        <tr key={session.id} className={session.is_current ? 'row-current' : undefined}>
          <td>
            <span className="cell-with-icon">
              <MonitorIcon size={16} /> {session.device || 'Unknown device'}{' '}
              {session.is_current ? <Badge tone="accent">This session</Badge> : null}
            </span>
          </td>
          <td>
            <Time value={session.created_at} />
          </td>
          <td>
            <Time value={session.last_activity} />
          </td>
          {onRevoke ? (
            <td className="col-actions">
              {session.is_current ? null : (
                <Button
                  size="sm"
                  variant="ghost"
                  icon={<LogOutIcon size={16} />}
                  onClick={() => onRevoke(session)}
                  aria-label={`Sign out ${session.device || 'session'}`}
                >
                  Sign out
                </Button>
              )}
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

function SessionsCard() {
  const sessions = useResource(() => api.listSessions(), [], { live: ['sessions'] });
  const list = listItems(sessions.data);
  const others = list.filter((s) => !s.is_current).length;

  const revoke = async (session: LoginSession) => {
    const ok = await confirm({
      title: 'Sign out this session?',
      body: `${session.device || 'That device'} will have to sign in again.`,
      confirmLabel: 'Sign out session',
    });
    if (!ok) return;
    // The list is re-read before the toast: when it says "signed out", the row is already gone.
    await runAction(
      async () => {
        await api.revokeSession(session.id);
        await sessions.reload();
      },
      { success: 'Session signed out' },
    );
  };
  const revokeOthers = async () => {
    const ok = await confirm({
      title: 'Sign out all other sessions?',
      body: 'Every browser and app signed in as you, except this window, will have to sign in again.',
      confirmLabel: 'Sign out others',
    });
    if (!ok) return;
    await runAction(
      async () => {
        const result = await api.revokeOtherSessions();
        await sessions.reload();
        return result;
      },
      { success: (r) => `${r.revoked_count} session${r.revoked_count === 1 ? '' : 's'} signed out` },
    );
  };

  return (
    <Card
      title="Signed-in sessions"
      description="Browsers and windows signed in to this Userdesk as you."
      actions={
        <Button onClick={revokeOthers} disabled={others === 0} icon={<LogOutIcon size={16} />}>
          Sign out all others
        </Button>
      }
    >
      {sessions.loading && !sessions.data ? (
        <LoadingBlock rows={2} />
      ) : sessions.error ? (
        <ErrorBlock error={sessions.error} onRetry={sessions.reload} />
      ) : list.length === 0 ? (
        <EmptyState icon={<DevicesIcon />} title="No sessions" />
      ) : (
        <SessionRows sessions={list} onRevoke={revoke} />
      )}
    </Card>
  );
}
