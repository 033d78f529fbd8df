import { useEffect, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { api } from '../api/endpoints.js';
import { ApiRequestError, ReauthCancelled } from '../api/http.js';
import type { TwoFactorSetup } from '../api/types.js';
import { errorMessage, runAction } from '../lib/errors.js';
import { groupKey } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { useSession } from '../state/session.js';
import { BackupCodesDialog } from '../components/backup-codes-dialog.js';
import { CopyButton } from '../components/copy-button.js';
import { confirm } from '../components/dialogs.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  ErrorBlock,
  LoadingBlock,
  PageHeader,
  Spinner,
  TextField,
} from '../components/ui.js';
import { RefreshIcon, ShieldIcon, SmartphoneIcon } from '../components/icons.js';
import { PasskeysSection } from './passkeys-section.js';
import { BACKUP_CODES_LOW } from '../../../shared/limits.js';

/** Two-factor: status, enrolment with QR and key, backup codes, disable. */
export function TwoFactorScreen() {
  const status = useResource(() => api.twoFactorStatus(), [], {
    live: ['two_factor', 'backup_codes'],
  });
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [starting, setStarting] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  const refresh = async () => {
    await Promise.all([status.reload(), useSession.getState().refreshUser()]);
  };

  const start = async () => {
    setStarting(true);
    try {
      setSetup(await api.twoFactorStart());
    } catch (e) {
      toast.error('Could not start setup', { description: errorMessage(e) });
    } finally {
      setStarting(false);
    }
  };

  const enabled = async () => {
    setSetup(null);
    toast.success('Two-factor authentication is on', { description: 'Your other sessions were signed out.' });
    try {
      const result = await api.twoFactorBackupCodes();
      setCodes(result.backup_codes);
    } catch (e) {
      if (!(e instanceof ReauthCancelled))
        toast.error('Could not create backup codes', { description: errorMessage(e) });
    }
    await refresh();
  };

  const regenerate = async () => {
    const ok = await confirm({
      title: 'Generate new backup codes?',
      body: 'All your current backup codes stop working at once. Save the new ones before you close the dialog.',
      confirmLabel: 'Generate new codes',
      tone: 'primary',
    });
    if (!ok) return;
    const result = await runAction(() => api.twoFactorBackupCodes());
    if (result) setCodes(result.backup_codes);
    await status.reload();
  };

  const disable = async () => {
    const ok = await confirm({
      title: 'Turn off two-factor authentication?',
      body: 'Your authenticator app and all backup codes will stop working, and signing in will need only your password.',
      confirmLabel: 'Turn off',
    });
    if (!ok) return;
    if (await runAction(() => api.twoFactorDisable(), { success: 'Two-factor authentication is off' }))
      await refresh();
  };

  const s = status.data;
  return (
    <>
      <PageHeader
        title="Two-factor authentication"
        description="A code from your phone as well as your password, so a stolen password is not enough."
      />
      {status.loading && !s ? (
        <LoadingBlock rows={3} />
      ) : status.error ? (
        <ErrorBlock error={status.error} onRetry={status.reload} />
      ) : s ? (
        <>
          <Card className="status-card">
            <div className="status-card-row">
              <span className={s.is_enabled ? 'status-icon on' : 'status-icon off'} aria-hidden="true">
                <ShieldIcon size={22} />
              </span>
              <div className="status-text">
                <p className="status-title">
                  Two-factor is {s.is_enabled ? 'on' : 'off'}{' '}
                  {s.is_enabled ? (
                    <Badge tone="success">Protected</Badge>
                  ) : (
                    <Badge tone="warning">Not protected</Badge>
                  )}
                </p>
                <p className="muted">
                  {s.is_enabled
                    ? `Method: ${s.method === 'TOTP' || s.has_totp ? 'authenticator app (TOTP)' : (s.method ?? 'unknown')}`
                    : 'Anyone with your password can sign in as you.'}
                </p>
              </div>
              <div className="status-actions">
                {s.is_enabled ? (
                  <Button variant="danger" onClick={disable}>
                    Turn off
                  </Button>
                ) : setup ? null : (
                  <Button
                    variant="primary"
                    onClick={start}
                    loading={starting}
                    icon={<SmartphoneIcon size={16} />}
                  >
                    Set up two-factor
                  </Button>
                )}
              </div>
            </div>
          </Card>

          {setup && !s.is_enabled ? (
            <SetupCard setup={setup} onRestart={start} onCancel={() => setSetup(null)} onEnabled={enabled} />
          ) : null}

          {s.is_enabled ? (
            <Card
              title="Backup codes"
              description="One-time codes for when you cannot use your phone."
              actions={
                <Button onClick={regenerate} icon={<RefreshIcon size={16} />}>
                  Generate new codes
                </Button>
              }
            >
              <p className="big-number" aria-live="polite">
                <strong>{s.backup_codes_remaining}</strong> of 10 codes left
              </p>
              {s.backup_codes_remaining <= BACKUP_CODES_LOW ? (
                <Alert
                  tone={s.backup_codes_remaining === 0 ? 'danger' : 'warning'}
                  title={
                    s.backup_codes_remaining === 0
                      ? 'No backup codes left'
                      : 'You are running low on backup codes'
                  }
                >
                  Generate a new set now so you are not locked out if you lose your phone.
                </Alert>
              ) : null}
            </Card>
          ) : null}
          <PasskeysSection />
        </>
      ) : null}
      <BackupCodesDialog codes={codes} onClose={() => setCodes(null)} />
    </>
  );
}

function SetupCard({
  setup,
  onRestart,
  onCancel,
  onEnabled,
}: {
  setup: TwoFactorSetup;
  onRestart: () => void;
  onCancel: () => void;
  onEnabled: () => void;
}) {
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [serverTime, setServerTime] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setExpired(false);
    setError(null);
    // Loaded on demand: only enrolment draws a QR code.
    import('qrcode')
      .then((QRCode) =>
        // margin 4: the quiet zone ISO/IEC 18004 requires lives in the image itself, so the
        // dark theme around the white box cannot eat into it.
        QRCode.toDataURL(setup.otpauth_uri, { margin: 4, width: 200, errorCorrectionLevel: 'M' }),
      )
      .then((url) => !cancelled && setQr(url))
      .catch(() => !cancelled && setQr(null));
    return () => {
      cancelled = true;
    };
  }, [setup.otpauth_uri]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(token)) {
      setError('Enter the 6-digit code your app shows for Userdesk.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.twoFactorValidate(token);
      onEnabled();
    } catch (e) {
      if (e instanceof ReauthCancelled) return;
      if (e instanceof ApiRequestError && e.code === 'setup_expired') {
        setExpired(true);
        setError(e.body.detail);
      } else if (e instanceof ApiRequestError && e.code === 'token_invalid') {
        setError('That code is not valid. Check the time on your phone, then enter the newest code.');
        try {
          setServerTime((await api.preflight()).server_time);
        } catch {
          setServerTime(null);
        }
      } else {
        setError(errorMessage(e));
      }
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const groups = groupKey(setup.secret);
  return (
    <Card
      title="Set up your authenticator app"
      description="Use any TOTP app: 1Password, Bitwarden, Google Authenticator, Authy, Microsoft Authenticator…"
    >
      <ol className="setup-steps">
        <li>
          <p className="step-title">Scan this QR code with the app</p>
          <div className="qr-and-key">
            <div className="qr-box">
              {qr ? (
                <img
                  src={qr}
                  width={200}
                  height={200}
                  alt="QR code for adding Userdesk to an authenticator app"
                />
              ) : (
                <Spinner label="Drawing QR code" />
              )}
            </div>
            <div className="manual-key">
              <p className="muted small">Can't scan? Enter this key instead (time-based, 6 digits):</p>
              <p
                className="secret-key"
                aria-label={`Setup key: ${groups.join(' ')}`}
                data-secret-key={setup.secret}
              >
                {groups.map((g, i) => (
                  <span key={i}>{g}</span>
                ))}
              </p>
              <CopyButton text={setup.secret} label="Copy key" size="sm" toastMessage="Setup key copied" />
            </div>
          </div>
        </li>
        <li>
          <p className="step-title">Enter the 6-digit code the app shows</p>
          <form className="form form-inline" onSubmit={submit} noValidate>
            <TextField
              label="Code from the app"
              name="totp_code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              className="code-field"
              placeholder="123456"
              value={code}
              onChange={(e) => (setCode(e.target.value.replace(/[^0-9 ]/g, '')), setError(null))}
              error={error}
            />
            <Button type="submit" variant="primary" loading={busy} disabled={expired}>
              Turn on
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </form>
          {serverTime ? (
            <p className="muted small" role="status">
              The server's time is <strong>{new Date(serverTime).toLocaleTimeString()}</strong>. If your
              phone's clock differs by more than half a minute, turn on automatic time in its settings.
            </p>
          ) : null}
          {expired ? (
            <Button onClick={onRestart} icon={<RefreshIcon size={16} />}>
              Start again with a new key
            </Button>
          ) : null}
        </li>
      </ol>
    </Card>
  );
}
