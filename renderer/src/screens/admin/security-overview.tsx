import type { OverviewUser } from '../../../../shared/checkup.js';
import { call } from '../../api/client.js';
import { displayName } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { AppLink } from '../../components/shell.js';
import { Table } from '../../components/table.js';
import { Badge, Card, ErrorBlock, LoadingBlock, PageHeader } from '../../components/ui.js';
import { Time } from '../devices.js';
import { ExportUsersButtons } from './export-users.js';
import '../checkup/checkup.css';

function UserLink({ user }: { user: Pick<OverviewUser, 'uuid' | 'email' | 'first_name' | 'last_name'> }) {
  return <AppLink to={`/admin/users/${user.uuid}`}>{displayName(user)}</AppLink>;
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'danger' | 'success' }) {
  return (
    <div className="stat">
      <span className={tone ? `stat-value tone-${tone}` : 'stat-value'}>{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

/** Admin security overview: two-factor coverage, staff without it, stale keys, each user linked. */
export function AdminSecurityOverviewScreen() {
  const overview = useResource(() => call('GET /api/users/security_overview/', {}), [], {
    live: ['user', 'two_factor', 'api_keys'],
  });
  const data = overview.data;
  return (
    <>
      <PageHeader
        title="Security overview"
        description="Two-factor coverage and stale keys across every account on this Userdesk."
        actions={<ExportUsersButtons />}
      />
      {overview.error && !data ? <ErrorBlock error={overview.error} onRetry={overview.reload} /> : null}
      {!data && !overview.error ? <LoadingBlock rows={4} /> : null}
      {data ? (
        <>
          <Card title="At a glance">
            <div className="stats" role="list">
              <div role="listitem">
                <Stat label="Users" value={data.users_total} />
              </div>
              <div role="listitem">
                <Stat label="With two-factor" value={data.with_two_factor} tone="success" />
              </div>
              <div role="listitem">
                <Stat
                  label="Without two-factor"
                  value={data.without_two_factor}
                  tone={data.without_two_factor ? 'danger' : undefined}
                />
              </div>
              <div role="listitem">
                <Stat
                  label="Administrators without two-factor"
                  value={data.staff_without_two_factor.length}
                  tone={data.staff_without_two_factor.length ? 'danger' : undefined}
                />
              </div>
              <div role="listitem">
                <Stat
                  label="Stale API keys"
                  value={data.stale_keys.length}
                  tone={data.stale_keys.length ? 'danger' : undefined}
                />
              </div>
            </div>
          </Card>
          <Card title="Administrators without two-factor">
            {data.staff_without_two_factor.length === 0 ? (
              <p className="muted">Every administrator has two-factor on.</p>
            ) : (
              <ul className="plain-list" aria-label="Administrators without two-factor">
                {data.staff_without_two_factor.map((user) => (
                  <li key={user.uuid}>
                    <UserLink user={user} /> <span className="muted">{user.email}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Stale API keys" description="Keys with the * scope or unused for 90 days.">
            {data.stale_keys.length === 0 ? (
              <p className="muted">No stale keys.</p>
            ) : (
              <Table
                caption="Stale API keys"
                columns={[{ label: 'Owner' }, { label: 'Key' }, { label: 'Why' }, { label: 'Last used' }]}
              >
                {data.stale_keys.map((key) => (
                  <tr key={key.id}>
                    <td>
                      <AppLink to={`/admin/users/${key.user_uuid}`}>{key.user_email}</AppLink>
                    </td>
                    <td>
                      {key.label} <code className="mono">{key.mask_value}</code>
                    </td>
                    <td>
                      {key.reasons.map((reason) => (
                        <Badge key={reason} tone="warning">
                          {reason === 'wildcard_scope' ? 'all scopes' : 'unused'}
                        </Badge>
                      ))}
                    </td>
                    <td>
                      <Time value={key.last_used_at} />
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card title="Every user">
            <Table
              caption="Users and their security"
              columns={[
                { label: 'User' },
                { label: 'Role' },
                { label: 'Two-factor' },
                { label: 'Stale keys' },
              ]}
            >
              {data.users.map((user) => (
                <tr key={user.uuid}>
                  <td>
                    <UserLink user={user} />
                    <div className="muted small">{user.email}</div>
                  </td>
                  <td>{user.is_staff ? 'Administrator' : 'Member'}</td>
                  <td>
                    {user.two_factor_enabled ? (
                      <Badge tone="success">On</Badge>
                    ) : (
                      <Badge tone={user.is_staff ? 'danger' : 'warning'}>Off</Badge>
                    )}
                  </td>
                  <td>{user.stale_key_count}</td>
                </tr>
              ))}
            </Table>
          </Card>
        </>
      ) : null}
    </>
  );
}
