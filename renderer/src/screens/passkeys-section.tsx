import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { call } from '../api/client.js';
import { errorMessage, runAction } from '../lib/errors.js';
import { formatDay, formatRelative } from '../lib/format.js';
import {
  isPasskeyCancel,
  localhostUrl,
  passkeysWorkHere,
  registerPasskey,
  verifyPasskey,
} from '../lib/passkeys.js';
import { useResource } from '../lib/use-resource.js';
import { useSession } from '../state/session.js';
import { confirm, Modal } from '../components/dialogs.js';
import { KeyIcon, MonitorIcon, PlusIcon, SmartphoneIcon, TrashIcon } from '../components/icons.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  ErrorBlock,
  LoadingBlock,
  SwitchRow,
  TextField,
} from '../components/ui.js';

type Kind = 'platform' | 'hybrid' | 'hardware' | 'unknown';
const KIND_LABEL: Record<Kind, string> = {
  platform: 'This device',
  hybrid: 'Phone or tablet',
  hardware: 'Security key',
  unknown: 'Passkey',
};

function KindIcon({ kind }: { kind: Kind }) {
  const Icon = kind === 'platform' ? MonitorIcon : kind === 'hybrid' ? SmartphoneIcon : KeyIcon;
  return (
    <span className="passkey-icon" title={KIND_LABEL[kind]}>
      <Icon size={18} />
    </span>
  );
}

/** One sentence on where passkeys work, with a link to the same page there (the RP ID is localhost). */
export function LocalhostHint() {
  return (
    <Alert tone="info">
      Passkeys work only when Userdesk is opened at localhost:{' '}
      <a href={localhostUrl()}>open this page on {new URL(localhostUrl()).host}</a>.
    </Alert>
  );
}

/** Passkeys on the Two-factor screen: add (with the verify step), list, rename, remove, use for 2FA. */
export function PasskeysSection() {
  const list = useResource(() => call('GET /api/webauthn/credentials/', {}));
  const user = useSession((state) => state.user);
  const [label, setLabel] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; label: string } | null>(null);
  const [switching, setSwitching] = useState(false);
  const here = passkeysWorkHere();

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setAdding(true);
    try {
      const id = await registerPasskey(label.trim() || 'Passkey');
      // The verify step: the passkey signs once before it counts (users-api.md §6 route 22).
      await verifyPasskey(id);
      setLabel('');
      toast.success('Passkey added');
    } catch (e) {
      if (!isPasskeyCancel(e)) setError(errorMessage(e));
    } finally {
      setAdding(false);
      await list.reload();
    }
  };

  const verify = async (id: string) => {
    setError(null);
    try {
      await verifyPasskey(id);
      toast.success('Passkey verified');
    } catch (e) {
      if (!isPasskeyCancel(e)) setError(errorMessage(e));
    }
    await list.reload();
  };

  const remove = async (id: string, name: string) => {
    const ok = await confirm({
      title: `Remove the passkey “${name}”?`,
      body: 'You will no longer be able to sign in with it.',
      confirmLabel: 'Remove',
    });
    if (!ok) return;
    await runAction(() => call('DELETE /api/webauthn/credentials/{id}/', { params: { id } }), {
      success: 'Passkey removed',
    });
    await Promise.all([list.reload(), useSession.getState().refreshUser()]);
  };

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (!renaming) return;
    const { id, label: next } = renaming;
    const done = await runAction(
      () => call('PATCH /api/webauthn/credentials/{id}/', { params: { id }, body: { label: next.trim() } }),
      { success: 'Passkey renamed' },
    );
    if (done) setRenaming(null);
    await list.reload();
  };

  const toggle = async (checked: boolean) => {
    setSwitching(true);
    // Sensitive: a stale sign-in opens "Confirm it's you" from the HTTP layer, then retries.
    await runAction(() =>
      call('PATCH /api/users/{uuid}/', {
        params: { uuid: '@me' },
        body: { passkeys_enabled_for_2fa: checked },
      }),
    );
    await useSession.getState().refreshUser();
    setSwitching(false);
  };

  const items = list.data ?? [];
  return (
    <Card
      title="Passkeys"
      description="Sign in with your fingerprint, face or screen lock instead of a password."
    >
      {!here ? <LocalhostHint /> : null}
      {list.loading && !list.data ? (
        <LoadingBlock rows={2} />
      ) : list.error ? (
        <ErrorBlock error={list.error} onRetry={list.reload} />
      ) : (
        <ul className="passkey-list" aria-label="Your passkeys">
          {items.length === 0 ? <li className="muted">No passkeys yet.</li> : null}
          {items.map((item) => (
            <li key={item.id} className="passkey-row">
              <KindIcon kind={item.authenticator_type} />
              <div className="passkey-text">
                <p className="passkey-name">
                  {item.label} {item.verified ? null : <Badge tone="warning">Not verified</Badge>}
                </p>
                <p className="muted small">
                  {KIND_LABEL[item.authenticator_type]} · Added {formatDay(item.created_at)} · Last used{' '}
                  {item.last_used_at ? formatRelative(item.last_used_at) : 'never'}
                </p>
              </div>
              <div className="passkey-actions">
                {item.verified || !here ? null : (
                  <Button size="sm" onClick={() => void verify(item.id)}>
                    Verify
                  </Button>
                )}
                <Button size="sm" onClick={() => setRenaming({ id: item.id, label: item.label })}>
                  Rename
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  aria-label={`Remove ${item.label}`}
                  icon={<TrashIcon size={14} />}
                  onClick={() => void remove(item.id, item.label)}
                >
                  Remove
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {here ? (
        <form className="form inline-form" onSubmit={add} noValidate>
          <TextField
            label="Passkey name"
            name="passkey-label"
            placeholder="e.g. This laptop"
            maxLength={200}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            error={error}
          />
          <Button type="submit" variant="primary" loading={adding} icon={<PlusIcon size={16} />}>
            Add a passkey
          </Button>
        </form>
      ) : null}
      <SwitchRow
        label="Use passkeys for two-factor"
        description="After your password, a verified passkey can be the second step instead of a code."
        checked={user?.passkeys_enabled_for_2fa ?? false}
        onCheckedChange={(checked) => void toggle(checked)}
        disabled={switching || !items.some((item) => item.verified)}
        busy={switching}
      />
      <Modal
        open={renaming !== null}
        onOpenChange={(open) => (!open ? setRenaming(null) : undefined)}
        title="Rename passkey"
        size="sm"
      >
        <form className="form" onSubmit={rename} noValidate>
          <TextField
            label="Name"
            name="passkey-rename"
            autoFocus
            maxLength={200}
            value={renaming?.label ?? ''}
            onChange={(e) => setRenaming((r) => (r ? { ...r, label: e.target.value } : r))}
          />
          <div className="dialog-footer flush">
            <Button onClick={() => setRenaming(null)}>Cancel</Button>
            <Button type="submit" variant="primary">
              Save
            </Button>
          </div>
        </form>
      </Modal>
    </Card>
  );
}
