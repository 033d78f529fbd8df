import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/endpoints.js';
import { ApiRequestError } from '../api/http.js';
import { errorMessage } from '../lib/errors.js';
import { useCountdown } from '../lib/use-countdown.js';
import { call } from '../api/client.js';
import { secondFactorWithPasskey } from '../lib/passkeys.js';
import { PasskeyButton } from './passkey-button.js';
import { ThrottledSubmit } from './throttled-submit.js';
import { Alert, TextField } from './ui.js';

/**
 * The second step of a sign-in (or of "Confirm it's you"): a 6-digit authenticator code, or a
 * backup code instead. A wrong code says to check the device clock and shows the server's time
 * (security.md 6); a throttle shows a countdown from Retry-After.
 */
export function SecondFactorForm({
  onDone,
  onCancel,
  cancelLabel = 'Back',
  submitLabel = 'Verify',
}: {
  onDone: () => void | Promise<void>;
  onCancel?: () => void;
  cancelLabel?: string;
  submitLabel?: string;
}) {
  const [mode, setMode] = useState<'totp' | 'backup'>('totp');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [serverTime, setServerTime] = useState<string | null>(null);
  const countdown = useCountdown();
  const inputRef = useRef<HTMLInputElement>(null);
  // The passkey is offered when the account may use one for this step (users-api.md §6 route 25).
  const [hasPasskeys, setHasPasskeys] = useState(false);
  useEffect(() => {
    call('GET /api/login/2fa/passkey/methods/', {})
      .then((methods) => setHasPasskeys(methods.has_passkeys))
      .catch(() => setHasPasskeys(false));
  }, []);

  useEffect(() => {
    inputRef.current?.focus();
  }, [mode]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = mode === 'totp' ? code.replace(/\s+/g, '') : code.trim();
    if (!token) {
      setError(
        mode === 'totp'
          ? 'Enter the 6-digit code from your authenticator app.'
          : 'Enter one of your backup codes.',
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.loginToken(token);
      await onDone();
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 429) {
        countdown.start(e.retryAfter ?? 30);
        setError('Too many wrong codes. Wait for the countdown, then try again.');
      } else if (e instanceof ApiRequestError && e.code === 'token_invalid') {
        setError(
          mode === 'totp' ? 'That code is not valid.' : 'That backup code is not valid or was already used.',
        );
        try {
          const preflight = await api.preflight();
          setServerTime(preflight.server_time);
        } catch {
          setServerTime(null);
        }
      } else {
        setError(errorMessage(e));
      }
      setCode('');
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const skew = serverTime ? Math.round((Date.now() - new Date(serverTime).getTime()) / 1000) : 0;

  return (
    <form className="form" onSubmit={submit} noValidate>
      {hasPasskeys ? (
        <PasskeyButton
          label="Use a passkey"
          variant="primary"
          run={secondFactorWithPasskey}
          onDone={onDone}
        />
      ) : null}
      {mode === 'totp' ? (
        <TextField
          ref={inputRef}
          key="totp"
          label="Authentication code"
          name="token"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          placeholder="123 456"
          className="code-field"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/[^0-9 ]/g, ''))}
          error={error}
          hint="Open your authenticator app and enter the 6-digit code for Userdesk."
        />
      ) : (
        <TextField
          ref={inputRef}
          key="backup"
          label="Backup code"
          name="backup_code"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="xxxxx-xxxxx"
          className="code-field"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error}
          hint="Each backup code works once. Dashes and capitals do not matter."
        />
      )}
      {serverTime && mode === 'totp' ? (
        <Alert tone="warning" title="Check your device's clock">
          Codes depend on the time. The server's time is{' '}
          <strong>{new Date(serverTime).toLocaleTimeString()}</strong>
          {Math.abs(skew) > 20
            ? ` (this computer is ${Math.abs(skew)} s ${skew > 0 ? 'ahead' : 'behind'})`
            : ''}
          . Make sure your phone sets its time automatically, then try the next code.
        </Alert>
      ) : null}
      <ThrottledSubmit countdown={countdown} busy={busy}>
        {submitLabel}
      </ThrottledSubmit>
      <div className="form-links">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(mode === 'totp' ? 'backup' : 'totp');
            setCode('');
            setError(null);
            setServerTime(null);
          }}
        >
          {mode === 'totp' ? 'Use a backup code instead' : 'Use the authenticator app instead'}
        </button>
        {onCancel ? (
          <button type="button" className="link-button" onClick={onCancel}>
            {cancelLabel}
          </button>
        ) : null}
      </div>
    </form>
  );
}
