import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints.js';
import { ApiRequestError } from '../../api/http.js';
import { useFormErrors } from '../../lib/errors.js';
import { useCountdown } from '../../lib/use-countdown.js';
import { navigate } from '../../state/router.js';
import { useSession } from '../../state/session.js';
import { passkeysWorkHere, signInWithPasskey } from '../../lib/passkeys.js';
import { PasskeyButton } from '../../components/passkey-button.js';
import { PasswordField } from '../../components/password.js';
import { SecondFactorForm } from '../../components/second-factor-form.js';
import { ThrottledSubmit } from '../../components/throttled-submit.js';
import { Alert, FormError, TextField } from '../../components/ui.js';
import { LocalhostHint } from '../passkeys-section.js';
import { AuthLayout } from './auth-layout.js';

const FIELDS = ['email', 'password'] as const;

/** Sign in: email and password, then the code step when the account has 2FA. */
export function SignInScreen() {
  const signupAllowed = useSession((state) => state.preflight?.signup_allowed ?? false);
  const endedReason = useSession((state) => state.endedReason);
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(FIELDS);
  const countdown = useCountdown();

  const finish = async () => {
    const user = await useSession.getState().refreshUser();
    if (user) {
      const path = window.location.pathname;
      if (path === '/' || path === '/signin' || path === '/signup' || path === '/welcome')
        navigate('/profile', { replace: true });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!email.trim()) return errors.setFieldErrors({ email: 'Enter your email address.' });
    if (!password) return errors.setFieldErrors({ password: 'Enter your password.' });
    setBusy(true);
    try {
      await api.login(email.trim(), password);
      await finish();
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === '2fa_required') {
        setStep('code');
      } else if (e instanceof ApiRequestError && e.status === 429) {
        countdown.start(e.retryAfter ?? 60);
        errors.setFormError(
          'Too many failed attempts for this account. Wait for the countdown, then try again.',
        );
      } else {
        errors.take(e);
      }
    } finally {
      setBusy(false);
    }
  };

  if (step === 'code') {
    return (
      <AuthLayout
        title="Two-factor authentication"
        subtitle={
          <>
            Signing in as <strong>{email}</strong>
          </>
        }
      >
        <SecondFactorForm
          onDone={finish}
          onCancel={() => {
            setStep('password');
            setPassword('');
          }}
          cancelLabel="Sign in as someone else"
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Sign in to manage your account."
      footer={
        signupAllowed ? (
          <p>
            New here?{' '}
            <a href="/signup" onClick={(e) => (e.preventDefault(), navigate('/signup'))}>
              Create an account
            </a>
          </p>
        ) : (
          <p className="muted">Need an account? Ask an administrator of this Userdesk.</p>
        )
      }
    >
      {endedReason ? <Alert tone="info">{endedReason}</Alert> : null}
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.formError} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          value={email}
          onChange={(e) => (setEmail(e.target.value), errors.clear('email'))}
          error={errors.fieldErrors.email}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => (setPassword(e.target.value), errors.clear('password'))}
          error={errors.fieldErrors.password}
        />
        <ThrottledSubmit countdown={countdown} busy={busy}>
          Sign in
        </ThrottledSubmit>
      </form>
      {passkeysWorkHere() ? (
        <PasskeyButton label="Sign in with a passkey" run={signInWithPasskey} onDone={finish} />
      ) : (
        <LocalhostHint />
      )}
    </AuthLayout>
  );
}
