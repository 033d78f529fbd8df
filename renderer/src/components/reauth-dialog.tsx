import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/endpoints.js';
import { ApiRequestError } from '../api/http.js';
import { errorMessage } from '../lib/errors.js';
import { formatCountdown } from '../lib/format.js';
import { useCountdown } from '../lib/use-countdown.js';
import { useReauth } from '../state/reauth.js';
import { useSession } from '../state/session.js';
import { Modal } from './dialogs.js';
import { signInWithPasskey } from '../lib/passkeys.js';
import { PasskeyButton } from './passkey-button.js';
import { PasswordField } from './password.js';
import { SecondFactorForm } from './second-factor-form.js';
import { Button } from './ui.js';
import { LockIcon } from './icons.js';

/**
 * "Confirm it's you": opened by the HTTP layer when a sensitive route answers 403
 * `sensitive_action_required_reauth`. Re-runs the login flow on the current session (password,
 * then code when 2FA is on); on success the original request is retried.
 */
export function ReauthDialog() {
  const open = useReauth((state) => state.open);
  const email = useSession((state) => state.user?.email ?? '');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const countdown = useCountdown();

  useEffect(() => {
    if (open) {
      setStep('password');
      setPassword('');
      setError(null);
    }
  }, [open]);

  const done = () => {
    setPassword('');
    useReauth.getState().confirmed();
    void useSession.getState().refreshUser();
  };

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError('Enter your password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.login(email, password);
      done();
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === '2fa_required') {
        setStep('code');
      } else if (e instanceof ApiRequestError && e.status === 429) {
        countdown.start(e.retryAfter ?? 60);
        setError('Too many attempts. Wait for the countdown, then try again.');
      } else {
        setError(
          e instanceof ApiRequestError && e.code === 'invalid_credentials'
            ? 'That password is not right.'
            : errorMessage(e),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onOpenChange={(next) => (!next ? useReauth.getState().cancel() : undefined)}
      title={
        <span className="title-with-icon">
          <LockIcon /> Confirm it's you
        </span>
      }
      description="This change needs a recent sign-in. Confirm your identity to continue; you will not be asked again for two hours."
      size="sm"
    >
      {step === 'password' ? (
        <form className="form" onSubmit={submitPassword} noValidate>
          <p className="muted small">
            Signed in as <strong>{email}</strong>
          </p>
          <PasswordField
            label="Password"
            name="current-password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error}
          />
          {countdown.active ? (
            <p className="countdown" role="timer">
              Try again in <strong>{formatCountdown(countdown.remaining)}</strong>.
            </p>
          ) : null}
          <div className="dialog-footer flush">
            <Button onClick={() => useReauth.getState().cancel()}>Cancel</Button>
            <Button type="submit" variant="primary" loading={busy} disabled={countdown.active}>
              Continue
            </Button>
          </div>
          {/* A user-verified passkey is a fresh sign-in of two factors (users-api.md §6 route 24). */}
          <PasskeyButton label="Use a passkey instead" run={signInWithPasskey} onDone={done} />
        </form>
      ) : (
        <SecondFactorForm
          onDone={done}
          onCancel={() => useReauth.getState().cancel()}
          cancelLabel="Cancel"
          submitLabel="Confirm"
        />
      )}
    </Modal>
  );
}
