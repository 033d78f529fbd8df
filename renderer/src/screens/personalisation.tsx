import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { ROLES_AT_ORGANIZATION, SHORTCUT_POSITIONS, TOOLBAR_MODES } from '../../../shared/enums.js';
import { api } from '../api/endpoints.js';
import type { User } from '../api/types.js';
import { listItems } from '../lib/list-items.js';
import { errorMessage, runAction, useFormErrors } from '../lib/errors.js';
import { usePatchMe } from '../lib/use-patch-me.js';
import { useResource } from '../lib/use-resource.js';
import { useSession } from '../state/session.js';
import { ThemeToggle } from '../components/theme-toggle.js';
import {
  Button,
  Card,
  EmptyState,
  ErrorBlock,
  FormError,
  LoadingBlock,
  PageHeader,
  SelectField,
  SwitchRow,
  TextField,
} from '../components/ui.js';
import { LayoutIcon, PlusIcon } from '../components/icons.js';

const TOOLBAR_LABELS: Record<string, string> = { toolbar: 'Show the toolbar', disabled: 'Disabled' };
const SHORTCUT_LABELS: Record<string, string> = {
  above: 'Above the sidebar',
  below: 'Below the sidebar',
  hidden: 'Hidden',
};
const ROLE_LABELS: Record<string, string> = {
  engineering: 'Engineering',
  data: 'Data',
  product: 'Product management',
  founder: 'Founder',
  leadership: 'Leadership',
  marketing: 'Marketing',
  sales: 'Sales / Success',
  other: 'Other',
};

/** Personalisation: theme, layout, role, assistance, privacy, scene home pages, hedgehog mode. */
export function PersonalisationScreen() {
  const user = useSession((state) => state.user)!;
  const { patch, saving } = usePatchMe();
  const themeLabel = useId();

  return (
    <>
      <PageHeader
        title="Personalisation"
        description="Make Userdesk look and behave the way you like. Changes save as you make them."
      />

      <Card title="Appearance">
        <div className="setting-row">
          <div>
            <p className="setting-label" id={themeLabel}>
              Theme
            </p>
            <p className="setting-description">
              System follows your operating system's light or dark setting.
            </p>
          </div>
          <ThemeToggle labelledBy={themeLabel} />
        </div>
        <div className="form-row">
          <SelectField
            label="Toolbar"
            value={user.toolbar_mode || 'toolbar'}
            onChange={(e) =>
              void patch(
                { toolbar_mode: e.target.value as (typeof TOOLBAR_MODES)[number] },
                'Toolbar updated',
              )
            }
            disabled={saving.toolbar_mode}
            options={TOOLBAR_MODES.map((value) => ({ value, label: TOOLBAR_LABELS[value] ?? value }))}
          />
          <SelectField
            label="Shortcuts position"
            value={user.shortcut_position || 'above'}
            onChange={(e) =>
              void patch(
                { shortcut_position: e.target.value as (typeof SHORTCUT_POSITIONS)[number] },
                'Shortcuts moved',
              )
            }
            disabled={saving.shortcut_position}
            options={SHORTCUT_POSITIONS.map((value) => ({ value, label: SHORTCUT_LABELS[value] ?? value }))}
          />
        </div>
      </Card>

      <Card title="About you" description="Helps tailor suggestions to your work.">
        <SelectField
          label="Role at your organization"
          className="narrow"
          value={user.role_at_organization ?? ''}
          onChange={(e) =>
            e.target.value
              ? void patch(
                  { role_at_organization: e.target.value as (typeof ROLES_AT_ORGANIZATION)[number] },
                  'Role saved',
                )
              : undefined
          }
          disabled={saving.role_at_organization}
          options={[
            ...(user.role_at_organization ? [] : [{ value: '', label: 'Choose a role…' }]),
            ...ROLES_AT_ORGANIZATION.map((value) => ({ value, label: ROLE_LABELS[value] ?? value })),
          ]}
        />
      </Card>

      <Card title="Assistance">
        <SwitchRow
          label="Sidebar suggestions"
          description="Suggest relevant pages in the sidebar."
          checked={Boolean(user.allow_sidebar_suggestions)}
          busy={saving.allow_sidebar_suggestions}
          onCheckedChange={(value) => void patch({ allow_sidebar_suggestions: value })}
        />
        <SwitchRow
          label="Hide MCP hints"
          description="Stop showing tips about connecting AI tools through MCP."
          checked={user.hide_mcp_hints}
          busy={saving.hide_mcp_hints}
          onCheckedChange={(value) => void patch({ hide_mcp_hints: value })}
        />
      </Card>

      <Card title="Privacy">
        <SwitchRow
          label="Anonymize my data"
          description="Leave your name and email out of the product analytics this app sends about itself."
          checked={Boolean(user.anonymize_data)}
          busy={saving.anonymize_data}
          onCheckedChange={(value) => void patch({ anonymize_data: value })}
        />
        <SwitchRow
          label="Allow impersonation"
          description="Let administrators sign in as you to help with support requests."
          checked={Boolean(user.allow_impersonation)}
          busy={saving.allow_impersonation}
          onCheckedChange={(value) => void patch({ allow_impersonation: value })}
        />
      </Card>

      <SceneCard user={user} />
      <HedgehogCard />
    </>
  );
}

const SCENES = [
  { value: 'ProjectHomepage', label: 'Home' },
  { value: 'Dashboards', label: 'Dashboards' },
  { value: 'SavedInsights', label: 'Product analytics' },
  { value: 'WebAnalytics', label: 'Web analytics' },
  { value: 'Persons', label: 'People' },
  { value: 'FeatureFlags', label: 'Feature flags' },
];

function sceneLabel(scene: string) {
  return SCENES.find((s) => s.value === scene)?.label ?? scene;
}

/** Scene personalisation: which dashboard opens for a scene (POST scene_personalisation). */
function SceneCard({ user }: { user: User }) {
  const dashboards = useResource(() => api.listDashboards());
  const list = listItems(dashboards.data);
  const [scene, setScene] = useState(SCENES[0].value);
  const [dashboard, setDashboard] = useState('');
  const [newName, setNewName] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(['scene', 'dashboard'] as const);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const chosen = dashboard || (list[0] ? String(list[0].id) : '');
    if (!chosen) return errors.setFieldErrors({ dashboard: 'Choose a dashboard.' });
    setBusy(true);
    try {
      useSession.getState().setUser(await api.setScenePersonalisation(scene, Number(chosen)));
      toast.success(
        `${sceneLabel(scene)} now opens ${list.find((d) => String(d.id) === chosen)?.name ?? 'that dashboard'}`,
      );
    } catch (e) {
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  const createDashboard = async (event: FormEvent) => {
    event.preventDefault();
    if (!newName.trim()) return;
    const created = await runAction(() => api.createDashboard(newName.trim()), {
      success: 'Dashboard created',
    });
    if (created) {
      setNewName('');
      await dashboards.reload();
      setDashboard(String(created.id));
    }
  };

  const nameOf = (id: number | null) =>
    list.find((d) => d.id === id)?.name ?? (id === null ? '—' : `Dashboard #${id}`);

  return (
    <Card
      title="Scene home pages"
      description="Pick the dashboard that opens when you go to a scene in the current project."
    >
      {dashboards.loading && !dashboards.data ? (
        <LoadingBlock rows={2} />
      ) : dashboards.error ? (
        <ErrorBlock error={dashboards.error} onRetry={dashboards.reload} />
      ) : (
        <>
          {user.scene_personalisation.length ? (
            <ul className="scene-list" aria-label="Current scene home pages">
              {user.scene_personalisation.map((item) => (
                <li key={item.scene}>
                  <span className="scene-name">{sceneLabel(item.scene)}</span>
                  <span className="muted" aria-hidden="true">
                    →
                  </span>
                  <span>{nameOf(item.dashboard)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState icon={<LayoutIcon />} title="No scene home pages yet">
              Every scene opens its default view.
            </EmptyState>
          )}
          <form className="form form-inline" onSubmit={save} noValidate>
            <FormError message={errors.formError} />
            <SelectField
              label="Scene"
              value={scene}
              onChange={(e) => setScene(e.target.value)}
              options={SCENES}
              error={errors.fieldErrors.scene}
            />
            <SelectField
              label="Dashboard"
              value={dashboard || (list[0] ? String(list[0].id) : '')}
              onChange={(e) => (setDashboard(e.target.value), errors.clear('dashboard'))}
              options={
                list.length
                  ? list.map((d) => ({ value: String(d.id), label: d.name }))
                  : [{ value: '', label: 'No dashboards' }]
              }
              error={errors.fieldErrors.dashboard}
            />
            <Button type="submit" variant="primary" loading={busy} disabled={!list.length}>
              Set home page
            </Button>
          </form>
          <form className="form form-inline subtle-form" onSubmit={createDashboard} noValidate>
            <TextField
              label="New dashboard"
              placeholder="Dashboard name"
              value={newName}
              maxLength={400}
              onChange={(e) => setNewName(e.target.value)}
            />
            <Button type="submit" icon={<PlusIcon size={16} />} disabled={!newName.trim()}>
              Create
            </Button>
          </form>
        </>
      )}
    </Card>
  );
}

const HEDGEHOG_COLORS = ['', 'green', 'red', 'blue', 'purple', 'dark', 'light', 'sepia', 'greyscale'];

/** Hedgehog mode: stored verbatim through the hedgehog_config route. */
function HedgehogCard() {
  const config = useResource(() => api.getHedgehog());
  const [saving, setSaving] = useState(false);
  const save = async (update: Record<string, unknown>, message: string) => {
    const next = { ...(config.data ?? {}), ...update };
    setSaving(true);
    try {
      config.setData(await api.patchHedgehog(next));
      toast.success(message);
    } catch (e) {
      toast.error('Could not save', { description: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };
  const data = config.data ?? {};
  return (
    <Card
      title="Hedgehog mode"
      description="A small hedgehog that wanders around your screen. Purely for fun."
    >
      {config.loading && !config.data ? (
        <LoadingBlock rows={1} />
      ) : config.error ? (
        <ErrorBlock error={config.error} onRetry={config.reload} />
      ) : (
        <>
          <SwitchRow
            label="Hedgehog mode"
            description="Show the hedgehog."
            checked={data.enabled === true}
            busy={saving}
            onCheckedChange={(value) =>
              void save({ enabled: value }, value ? 'Hedgehog mode on' : 'Hedgehog mode off')
            }
          />
          <SwitchRow
            label="Use as profile picture"
            checked={data.use_as_profile === true}
            disabled={data.enabled !== true}
            onCheckedChange={(value) => void save({ use_as_profile: value }, 'Saved')}
          />
          <SelectField
            label="Colour"
            className="narrow"
            value={typeof data.color === 'string' ? data.color : ''}
            disabled={data.enabled !== true || saving}
            onChange={(e) => void save({ color: e.target.value || null }, 'Colour saved')}
            options={HEDGEHOG_COLORS.map((c) => ({
              value: c,
              label: c ? c[0].toUpperCase() + c.slice(1) : 'Natural',
            }))}
          />
        </>
      )}
    </Card>
  );
}
