import { useCallback, useId, useState, type FormEvent } from 'react';
import { useIntentHandler } from '../keyboard/intents.js';
import { Checkbox } from 'radix-ui';
import { API_KEY_SCOPES } from '../../../shared/scopes.js';
import { api } from '../api/endpoints.js';
import type { PersonalApiKey, PersonalApiKeyWithValue } from '../api/types.js';
import { listItems } from '../lib/list-items.js';
import { runAction, useFormErrors } from '../lib/errors.js';
import { useResource } from '../lib/use-resource.js';
import { CopyButton } from '../components/copy-button.js';
import { confirm, Modal } from '../components/dialogs.js';
import { Table } from '../components/table.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorBlock,
  FormError,
  LoadingBlock,
  PageHeader,
} from '../components/ui.js';
import { FormField } from '../components/form-field.js';
import {
  CheckIcon,
  ExternalIcon,
  KeyIcon,
  PlusIcon,
  RefreshIcon,
  TerminalIcon,
  TrashIcon,
} from '../components/icons.js';
import { Time } from './devices.js';

const SCOPE_TEXT: Record<string, { title: string; description: string }> = {
  'user:read': { title: 'user:read', description: 'Read your user and its settings.' },
  'user:write': { title: 'user:write', description: 'Change your user and its settings (includes read).' },
  '*': { title: 'All scopes (*)', description: 'Everything a key can do, now and in future versions.' },
};

/** Personal API keys: list, create (value shown once), roll, rename, delete; and the Local API panel. */
export function ApiKeysScreen() {
  const keys = useResource(() => api.listKeys(), [], { live: ['api_keys'] });
  const list = listItems(keys.data);
  const [editing, setEditing] = useState<PersonalApiKey | 'new' | null>(null);
  const [revealed, setRevealed] = useState<{ key: PersonalApiKeyWithValue; rolled: boolean } | null>(null);
  // "Create an API key" from the command palette opens the form here.
  useIntentHandler(
    'create-api-key',
    useCallback(() => setEditing('new'), []),
  );

  const roll = async (key: PersonalApiKey) => {
    const ok = await confirm({
      title: `Roll "${key.label}"?`,
      body: 'The current value stops working immediately. Any tool using it needs the new value.',
      confirmLabel: 'Roll key',
    });
    if (!ok) return;
    const rolled = await runAction(() => api.rollKey(key.id));
    if (rolled) setRevealed({ key: rolled, rolled: true });
    await keys.reload();
  };

  const remove = async (key: PersonalApiKey) => {
    const ok = await confirm({
      title: `Delete "${key.label}"?`,
      body: 'Tools using this key lose access at once. This cannot be undone.',
      confirmLabel: 'Delete key',
    });
    if (!ok) return;
    await runAction(() => api.deleteKey(key.id), { success: 'Key deleted' });
    await keys.reload();
  };

  return (
    <>
      <PageHeader
        title="API keys"
        description="Personal keys let your scripts call this Userdesk's API as you. Send them only in the Authorization header."
        actions={
          <Button
            variant="primary"
            icon={<PlusIcon size={16} />}
            onClick={() => setEditing('new')}
            disabled={list.length >= 10}
          >
            Create key
          </Button>
        }
      />
      <Card
        title="Your keys"
        description={
          list.length >= 10 ? 'You have the maximum of 10 keys. Delete one to create another.' : undefined
        }
      >
        {keys.loading && !keys.data ? (
          <LoadingBlock rows={3} />
        ) : keys.error ? (
          <ErrorBlock error={keys.error} onRetry={keys.reload} />
        ) : list.length === 0 ? (
          <EmptyState
            icon={<KeyIcon />}
            title="No API keys yet"
            action={
              <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => setEditing('new')}>
                Create your first key
              </Button>
            }
          >
            Create a key to use the API from scripts, CI or other tools.
          </EmptyState>
        ) : (
          <KeyRows keys={list} onRoll={roll} onDelete={remove} onEdit={(key) => setEditing(key)} />
        )}
      </Card>
      <LocalApiPanel />
      <KeyFormDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={async (key) => {
          setEditing(null);
          if ('value' in key) setRevealed({ key, rolled: false });
          await keys.reload();
        }}
      />
      <KeyValueDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}

export function KeyRows({
  keys,
  onRoll,
  onDelete,
  onEdit,
}: {
  keys: PersonalApiKey[];
  onRoll?: (key: PersonalApiKey) => void;
  onDelete?: (key: PersonalApiKey) => void;
  onEdit?: (key: PersonalApiKey) => void;
}) {
  const actions = Boolean(onRoll || onDelete || onEdit);
  return (
    <Table
      caption="Personal API keys"
      columns={[
        { label: 'Label' },
        { label: 'Key' },
        { label: 'Scopes' },
        { label: 'Created' },
        { label: 'Last used' },
        ...(actions
          ? [{ label: <span className="visually-hidden">Actions</span>, className: 'col-actions' }]
          : []),
      ]}
    >
      {keys.map((key) => (
        <tr key={key.id} data-key-label={key.label}>
          <td className="strong">{key.label}</td>
          <td>
            <code className="mono">{key.mask_value}</code>
          </td>
          <td>
            <span className="badge-row">
              {key.scopes.map((scope) => (
                <Badge key={scope} tone={scope === '*' ? 'warning' : 'neutral'}>
                  {scope}
                </Badge>
              ))}
            </span>
          </td>
          <td>
            <Time value={key.created_at} />
          </td>
          <td>
            {key.last_used_at ? <Time value={key.last_used_at} /> : <span className="muted">Never</span>}
          </td>
          {actions ? (
            <td className="col-actions">
              <span className="row-actions">
                {onEdit ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onEdit(key)}
                    aria-label={`Edit ${key.label}`}
                  >
                    Edit
                  </Button>
                ) : null}
                {onRoll ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    icon={<RefreshIcon size={16} />}
                    onClick={() => onRoll(key)}
                    aria-label={`Roll ${key.label}`}
                  >
                    Roll
                  </Button>
                ) : null}
                {onDelete ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    icon={<TrashIcon size={16} />}
                    onClick={() => onDelete(key)}
                    aria-label={`Delete ${key.label}`}
                  >
                    Delete
                  </Button>
                ) : null}
              </span>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

const KEY_FIELDS = ['label', 'scopes'] as const;

function KeyFormDialog({
  editing,
  onClose,
  onSaved,
}: {
  editing: PersonalApiKey | 'new' | null;
  onClose: () => void;
  onSaved: (key: PersonalApiKey | PersonalApiKeyWithValue) => void;
}) {
  const isNew = editing === 'new';
  const existing = editing && editing !== 'new' ? editing : null;
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState<string[]>(['user:read']);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(KEY_FIELDS);
  const groupId = useId();
  const [openedFor, setOpenedFor] = useState<typeof editing>(null);

  if (editing !== openedFor) {
    setOpenedFor(editing);
    setLabel(existing?.label ?? '');
    setScopes(existing ? [...existing.scopes] : ['user:read']);
    errors.clear();
  }

  const toggle = (scope: string, on: boolean) => {
    setScopes((current) => (on ? [...new Set([...current, scope])] : current.filter((s) => s !== scope)));
    errors.clear('scopes');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!label.trim()) return errors.setFieldErrors({ label: 'Give the key a name you will recognise.' });
    if (scopes.length === 0) return errors.setFieldErrors({ scopes: 'Choose at least one scope.' });
    setBusy(true);
    try {
      const ordered = API_KEY_SCOPES.filter((s) => scopes.includes(s));
      const key = existing
        ? await api.updateKey(existing.id, { label: label.trim(), scopes: ordered })
        : await api.createKey(label.trim(), ordered);
      onSaved(key);
    } catch (e) {
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      onOpenChange={(open) => (!open ? onClose() : undefined)}
      title={isNew ? 'Create an API key' : 'Edit API key'}
      description={
        isNew
          ? 'The key is shown once, right after you create it.'
          : 'Change the name or what the key may do.'
      }
    >
      <form className="form" onSubmit={submit} noValidate id="key-form">
        <FormError message={errors.formError} />
        <FormField
          errors={errors}
          field="label"
          label="Label"
          name="label"
          autoFocus
          maxLength={40}
          placeholder="e.g. Deploy script"
          value={label}
          onValue={setLabel}
        />
        <fieldset
          className="fieldset"
          aria-describedby={errors.fieldErrors.scopes ? `${groupId}-error` : undefined}
        >
          <legend className="field-label">Scopes</legend>
          {API_KEY_SCOPES.map((scope) => {
            const id = `${groupId}-${scope}`;
            return (
              <div className="checkbox-row" key={scope}>
                <Checkbox.Root
                  id={id}
                  className="checkbox"
                  checked={scopes.includes(scope)}
                  onCheckedChange={(value) => toggle(scope, value === true)}
                >
                  <Checkbox.Indicator className="checkbox-indicator">
                    <CheckIcon size={14} />
                  </Checkbox.Indicator>
                </Checkbox.Root>
                <label htmlFor={id}>
                  <span className="mono">{SCOPE_TEXT[scope]?.title ?? scope}</span>
                  <span className="checkbox-description">{SCOPE_TEXT[scope]?.description}</span>
                </label>
              </div>
            );
          })}
          {errors.fieldErrors.scopes ? (
            <p className="field-error" id={`${groupId}-error`}>
              {errors.fieldErrors.scopes}
            </p>
          ) : null}
        </fieldset>
        <div className="dialog-footer flush">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy}>
            {isNew ? 'Create key' : 'Save'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function KeyValueDialog({
  revealed,
  onClose,
}: {
  revealed: { key: PersonalApiKeyWithValue; rolled: boolean } | null;
  onClose: () => void;
}) {
  const value = revealed?.key.value ?? '';
  return (
    <Modal
      open={revealed !== null}
      onOpenChange={(open) => (!open ? onClose() : undefined)}
      title={revealed?.rolled ? 'Your new key value' : 'Your new API key'}
      description="Copy it now. For your safety it will not be shown again — only a masked form stays in the list."
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <p className="muted small">
        {revealed?.key.label} · {revealed?.key.scopes.join(', ')}
      </p>
      <div className="secret-box">
        <code className="mono" data-api-key-value>
          {value}
        </code>
        <CopyButton text={value} label="Copy" size="sm" toastMessage="API key copied" />
      </div>
      <Alert tone="warning">
        Anyone with this key can act as you within its scopes. Store it like a password.
      </Alert>
    </Modal>
  );
}

function LocalApiPanel() {
  const origin = window.location.origin;
  const example = `curl -H "Authorization: Bearer $USERDESK_KEY" \\\n  ${origin}/api/users/@me/`;
  return (
    <Card
      title={
        <span className="title-with-icon">
          <TerminalIcon /> Local API
        </span>
      }
      description="This Userdesk answers PostHog's users API on your machine only (127.0.0.1)."
      actions={
        <a className="btn btn-secondary btn-md" href="/api/schema/" target="_blank" rel="noopener noreferrer">
          <ExternalIcon size={16} />
          <span>OpenAPI schema</span>
        </a>
      }
    >
      <dl className="facts">
        <div>
          <dt>Server URL</dt>
          <dd>
            <code className="mono" data-server-url>
              {origin}
            </code>
          </dd>
        </div>
      </dl>
      <div className="code-block">
        <pre>
          <code>{example}</code>
        </pre>
        <CopyButton
          text={example.replace('\\\n  ', '')}
          label="Copy"
          size="sm"
          variant="ghost"
          toastMessage="Example copied"
        />
      </div>
    </Card>
  );
}
