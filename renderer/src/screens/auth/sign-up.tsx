import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints.js';
import { useFormErrors } from '../../lib/errors.js';
import { navigate } from '../../state/router.js';
import { useSession } from '../../state/session.js';
import { PasswordStrength } from '../../components/password.js';
import { FormField } from '../../components/form-field.js';
import { Alert, Button, FormError } from '../../components/ui.js';
import { AuthLayout } from './auth-layout.js';

const FIELDS = ['email', 'password', 'first_name', 'last_name', 'organization_name'] as const;

/**
 * Create an account. On a fresh install (no users yet) this is the first-run screen: the account
 * becomes the administrator and owner of a new organization. Later, when an admin allows open
 * sign-up, the same form joins the existing organization.
 */
export function SignUpScreen({ firstRun }: { firstRun: boolean }) {
  const [form, setForm] = useState({
    email: '',
    password: '',
    first_name: '',
    last_name: '',
    organization_name: '',
  });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(FIELDS);

  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!form.first_name.trim()) return errors.setFieldErrors({ first_name: 'Enter your first name.' });
    if (!form.email.trim()) return errors.setFieldErrors({ email: 'Enter your email address.' });
    if ([...form.password].length < 8)
      return errors.setFieldErrors({ password: 'Use at least 8 characters.' });
    setBusy(true);
    try {
      const user = await api.signup({
        email: form.email.trim(),
        password: form.password,
        first_name: form.first_name.trim(),
        last_name: form.last_name.trim() || undefined,
        organization_name: firstRun ? form.organization_name.trim() || undefined : undefined,
      });
      useSession.getState().setUser(user);
      void useSession.getState().refreshPreflight();
      navigate('/profile', { replace: true });
    } catch (e) {
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout
      title={firstRun ? 'Welcome to Userdesk' : 'Create your account'}
      subtitle={
        firstRun
          ? 'Set up the first account. It becomes the administrator of this Userdesk and owns its organization.'
          : 'Join this Userdesk. An administrator can change your access later.'
      }
      footer={
        firstRun ? null : (
          <p>
            Already have an account?{' '}
            <a href="/signin" onClick={(e) => (e.preventDefault(), navigate('/signin'))}>
              Sign in
            </a>
          </p>
        )
      }
    >
      {firstRun ? (
        <Alert tone="info" title="First run">
          No accounts exist yet on this machine.
        </Alert>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.formError} />
        <div className="form-row">
          <FormField
            errors={errors}
            field="first_name"
            label="First name"
            name="first_name"
            autoComplete="given-name"
            autoFocus
            maxLength={150}
            value={form.first_name}
            onValue={set('first_name')}
          />
          <FormField
            errors={errors}
            field="last_name"
            label="Last name"
            name="last_name"
            autoComplete="family-name"
            maxLength={150}
            value={form.last_name}
            onValue={set('last_name')}
            trailing={<span className="field-optional">Optional</span>}
          />
        </div>
        <FormField
          errors={errors}
          field="email"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          maxLength={254}
          value={form.email}
          onValue={set('email')}
        />
        <FormField
          password
          errors={errors}
          field="password"
          label="Password"
          name="password"
          autoComplete="new-password"
          maxLength={128}
          value={form.password}
          onValue={set('password')}
        />
        <PasswordStrength
          password={form.password}
          userInputs={[form.email, form.first_name, form.last_name]}
        />
        {firstRun ? (
          <FormField
            errors={errors}
            field="organization_name"
            label="Organization name"
            name="organization_name"
            autoComplete="organization"
            maxLength={64}
            placeholder="My organization"
            value={form.organization_name}
            onValue={set('organization_name')}
            trailing={<span className="field-optional">Optional</span>}
          />
        ) : null}
        <Button type="submit" variant="primary" loading={busy} className="btn-block">
          {firstRun ? 'Create account' : 'Sign up'}
        </Button>
      </form>
    </AuthLayout>
  );
}
