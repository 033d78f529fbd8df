import { useCallback, useEffect, useState } from 'react';
import { ToggleGroup } from 'radix-ui';
import { api } from '../../api/endpoints.js';
import { runAction } from '../../lib/errors.js';
import { formatDateTime, displayName, initials } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { navigate } from '../../state/router.js';
import { useSession } from '../../state/session.js';
import { AppLink } from '../../components/shell.js';
import { Table } from '../../components/table.js';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorBlock,
  LoadingBlock,
  PageHeader,
  SwitchRow,
} from '../../components/ui.js';
import {
  ChevronLeftIcon,
  ChevronRightIcon,
  PlusIcon,
  SearchIcon,
  UsersIcon,
} from '../../components/icons.js';
import { CreateUserDialog } from './create-user-dialog.js';
import { ExportUsersButtons } from './export-users.js';
import { useIntentHandler } from '../../keyboard/intents.js';
import { Time } from '../devices.js';

const PAGE_SIZE = 20;

/** Admin › Users: search, filter by role, paginate; a row opens the user's detail. */
export function AdminUsersScreen() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [role, setRole] = useState<'all' | 'staff' | 'members'>('all');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  // "Create a user" from the command palette lands here with the form open.
  useIntentHandler(
    'create-user',
    useCallback(() => setCreating(true), []),
  );

  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const users = useResource(
    () =>
      api.listUsers({
        search: query || undefined,
        is_staff: role === 'all' ? undefined : role === 'staff' ? 'true' : 'false',
        limit: PAGE_SIZE,
        offset,
      }),
    [query, role, offset],
    { live: ['user', 'two_factor'] },
  );
  const page = users.data;
  const count = page?.count ?? 0;

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with an account on this Userdesk."
        actions={
          <>
            <ExportUsersButtons />
            <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
              Create user
            </Button>
          </>
        }
      />
      <Card>
        <div className="toolbar">
          <div className="search">
            <SearchIcon size={16} />
            <input
              type="search"
              className="input"
              placeholder="Search by email or name"
              aria-label="Search users by email or name"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <ToggleGroup.Root
            type="single"
            className="segmented"
            value={role}
            aria-label="Filter by role"
            onValueChange={(value) => {
              if (value) {
                setRole(value as typeof role);
                setOffset(0);
              }
            }}
          >
            <ToggleGroup.Item value="all" className="segmented-item">
              All
            </ToggleGroup.Item>
            <ToggleGroup.Item value="staff" className="segmented-item">
              Administrators
            </ToggleGroup.Item>
            <ToggleGroup.Item value="members" className="segmented-item">
              Members
            </ToggleGroup.Item>
          </ToggleGroup.Root>
        </div>
        {users.loading && !page ? (
          <LoadingBlock rows={5} />
        ) : users.error ? (
          <ErrorBlock error={users.error} onRetry={users.reload} />
        ) : !page || page.results.length === 0 ? (
          <EmptyState icon={<UsersIcon />} title={query ? 'No users match your search' : 'No users'}>
            {query ? 'Try part of an email address or a first or last name.' : null}
          </EmptyState>
        ) : (
          <>
            <Table
              caption="Users"
              columns={[{ label: 'User' }, { label: 'Role' }, { label: 'Two-factor' }, { label: 'Joined' }]}
            >
              {page.results.map((user) => (
                <tr
                  key={user.uuid}
                  className="row-link"
                  onClick={() => navigate(`/admin/users/${user.uuid}`)}
                >
                  <td>
                    <span className="user-cell">
                      <span className="avatar avatar-sm" aria-hidden="true">
                        {initials(user)}
                      </span>
                      <span>
                        <AppLink to={`/admin/users/${user.uuid}`} className="strong row-link-target">
                          {displayName(user)}
                        </AppLink>
                        <span className="muted block">{user.email}</span>
                      </span>
                    </span>
                  </td>
                  <td>
                    {user.is_staff ? <Badge tone="accent">Administrator</Badge> : <Badge>Member</Badge>}
                  </td>
                  <td>
                    {user.is_2fa_enabled ? (
                      <Badge tone="success">On</Badge>
                    ) : (
                      <Badge tone="warning">Off</Badge>
                    )}
                  </td>
                  <td title={formatDateTime(user.date_joined)}>
                    <Time value={user.date_joined} />
                  </td>
                </tr>
              ))}
            </Table>
            <div className="pagination">
              <p className="muted" aria-live="polite">
                {offset + 1}–{Math.min(offset + PAGE_SIZE, count)} of {count}
              </p>
              <div className="pagination-buttons">
                <Button
                  size="sm"
                  icon={<ChevronLeftIcon size={16} />}
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
                >
                  Previous
                </Button>
                <Button
                  size="sm"
                  disabled={offset + PAGE_SIZE >= count}
                  onClick={() => setOffset(offset + PAGE_SIZE)}
                >
                  Next <ChevronRightIcon size={16} />
                </Button>
              </div>
            </div>
          </>
        )}
      </Card>
      <SignupCard />
      <CreateUserDialog
        open={creating}
        onClose={() => {
          setCreating(false);
          void users.reload();
        }}
        onCreated={(user) => {
          setCreating(false);
          void users.reload();
          navigate(`/admin/users/${user.uuid}`);
        }}
      />
    </>
  );
}

/** The instance's open-signup switch (GET/PATCH /api/instance_settings/; the change is sensitive). */
function SignupCard() {
  const settings = useResource(() => api.instanceSettings());
  const [saving, setSaving] = useState(false);

  const change = async (signup_allowed: boolean) => {
    setSaving(true);
    const updated = await runAction(() => api.updateInstanceSettings({ signup_allowed }), {
      success: signup_allowed
        ? 'Anyone on this machine can now sign up'
        : 'Sign-up is closed; only administrators add accounts',
      error: 'Could not change sign-up',
    });
    setSaving(false);
    if (updated) settings.setData(updated);
    // The sign-in screen reads the same switch from the preflight answer.
    void useSession.getState().refreshPreflight();
  };

  return (
    <Card title="Sign-up" description="Who may create an account on this Userdesk.">
      {settings.loading && !settings.data ? (
        <LoadingBlock rows={1} label="Loading sign-up setting" />
      ) : settings.error ? (
        <ErrorBlock error={settings.error} onRetry={settings.reload} />
      ) : settings.data ? (
        <SwitchRow
          label="Allow anyone on this machine to sign up"
          description="When on, the sign-in screen offers “Create an account”, and new accounts join your organization as members. When off, only administrators add accounts."
          checked={settings.data.signup_allowed}
          busy={saving}
          disabled={saving}
          onCheckedChange={(value) => void change(value)}
        />
      ) : null}
    </Card>
  );
}
