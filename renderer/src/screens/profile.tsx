import { useEffect, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { api } from '../api/endpoints.js';
import type { User } from '../api/types.js';
import { ReauthCancelled } from '../api/http.js';
import { errorMessage, useFormErrors, runAction } from '../lib/errors.js';
import { displayName, formatDateTime, initials } from '../lib/format.js';
import { useSession } from '../state/session.js';
import { PasswordStrength } from '../components/password.js';
import { FormField } from '../components/form-field.js';
import { Alert, Badge, Button, Card, FormError, PageHeader } from '../components/ui.js';
import { AppLink } from '../components/shell.js';
import { DownloadIcon, MailIcon } from '../components/icons.js';
import { download } from '../lib/download.js';

/** Profile: names, email (with the pending-change flow), password. */
export function ProfileScreen() {
  const user = useSession((state) => state.user)!;
  return (
    <>
      <PageHeader title="Profile" description="How you appear in Userdesk and how you sign in." />
      <ProfileSummary user={user} />
      <NamesCard user={user} />
      <EmailCard user={user} />
      <PasswordCard user={user} />
      <YourDataCard />
    </>
  );
}

/** "Your data to take away": the server's JSON export of this account, never a secret in it. */
function YourDataCard() {
  return (
    <Card
      title="Your data"
      description="Profile, preferences, devices, sessions, API keys (masked) and activity, as one JSON file. No password, code or key value is ever in it."
    >
      <Button
        icon={<DownloadIcon size={16} />}
        onClick={() => download('/api/users/@me/export/', 'userdesk-my-data.json')}
      >
        Download my data
      </Button>
    </Card>
  );
}

function ProfileSummary({ user }: { user: User }) {
  return (
    <section className="profile-summary card" aria-label="Account summary">
      <span className="avatar avatar-lg" aria-hidden="true">
        {initials(user)}
      </span>
      <div className="profile-summary-text">
        <p className="profile-name">{displayName(user)}</p>
        <p className="muted">{user.email}</p>
        <div className="badge-row">
          {user.is_staff ? <Badge tone="accent">Administrator</Badge> : <Badge>Member</Badge>}
          {user.is_2fa_enabled ? (
            <Badge tone="success">Two-factor on</Badge>
          ) : (
            <Badge tone="warning">Two-factor off</Badge>
          )}
          {user.organization ? <Badge>{user.organization.name}</Badge> : null}
        </div>
      </div>
      <dl className="profile-facts">
        <div>
          <dt>Member since</dt>
          <dd>{formatDateTime(user.date_joined)}</dd>
        </div>
        <div>
          <dt>Project</dt>
          <dd>{user.team?.name ?? '—'}</dd>
        </div>
      </dl>
      {!user.is_2fa_enabled ? (
        <div className="profile-summary-cta">
          <Alert
            tone="warning"
            title="Protect your account"
            actions={
              <AppLink to="/two-factor" className="btn btn-primary btn-sm">
                Set up two-factor
              </AppLink>
            }
          >
            Add a second step to sign-in with an authenticator app.
          </Alert>
        </div>
      ) : null}
    </section>
  );
}

const NAME_FIELDS = ['first_name', 'last_name'] as const;

function NamesCard({ user }: { user: User }) {
  const [first, setFirst] = useState(user.first_name);
  const [last, setLast] = useState(user.last_name);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(NAME_FIELDS);
  useEffect(() => {
    setFirst(user.first_name);
    setLast(user.last_name);
  }, [user.first_name, user.last_name]);
  const dirty = first !== user.first_name || last !== user.last_name;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    errors.clear();
    try {
      useSession
        .getState()
        .setUser(await api.patchUser('@me', { first_name: first.trim(), last_name: last.trim() }));
      toast.success('Name saved');
    } catch (e) {
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Name" description="Shown to other members of your organization.">
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.formError} />
        <div className="form-row">
          <FormField
            errors={errors}
            field="first_name"
            label="First name"
            name="first_name"
            autoComplete="given-name"
            maxLength={150}
            value={first}
            onValue={setFirst}
          />
          <FormField
            errors={errors}
            field="last_name"
            label="Last name"
            name="last_name"
            autoComplete="family-name"
            maxLength={150}
            value={last}
            onValue={setLast}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" loading={busy} disabled={!dirty}>
            Save name
          </Button>
        </div>
      </form>
    </Card>
  );
}

const EMAIL_FIELDS = ['email'] as const;

function EmailCard({ user }: { user: User }) {
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(EMAIL_FIELDS);
  const codeErrors = useFormErrors(['code'] as const);

  const change = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!email.trim()) return errors.setFieldErrors({ email: 'Enter the new address.' });
    setBusy(true);
    try {
      const updated = await api.patchUser('@me', { email: email.trim() });
      useSession.getState().setUser(updated);
      setEmail('');
      if (updated.pending_email)
        toast.success('Check your inbox', {
          description: `We sent a 6-digit code to ${updated.pending_email}.`,
        });
      else toast.success('Email address changed');
    } catch (e) {
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    codeErrors.clear();
    if (!/^\d{6}$/.test(code.trim()))
      return codeErrors.setFieldErrors({ code: 'Enter the 6-digit code from the email.' });
    setBusy(true);
    try {
      useSession.getState().setUser(await api.verifyEmail(user.uuid, code.trim()));
      setCode('');
      toast.success('Email address confirmed');
    } catch (e) {
      if (!(e instanceof ReauthCancelled)) codeErrors.setFieldErrors({ code: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    const updated = await runAction(() => api.cancelEmailChange(), { success: 'Email change cancelled' });
    if (updated) useSession.getState().setUser(updated);
  };

  return (
    <Card title="Email address" description="Used to sign in and for security notifications.">
      <p className="current-value">
        <MailIcon /> <strong>{user.email}</strong>{' '}
        {user.is_email_verified ? <Badge tone="success">Verified</Badge> : null}
      </p>
      {user.pending_email ? (
        <div className="pending-email">
          <Alert
            tone="warning"
            title={`Change to ${user.pending_email} is waiting for confirmation`}
            actions={
              // The live event can show this notice before the change's own answer arrives (the
              // server answers once the code is mailed). Cancelling then would let that late
              // answer bring the cancelled change back, so Cancel waits for it.
              <Button size="sm" onClick={cancel} disabled={busy}>
                Cancel change
              </Button>
            }
          >
            We emailed a 6-digit code to the new address. It is valid for 10 minutes. Until you enter it, you
            keep signing in with {user.email}.
          </Alert>
          <form className="form form-inline" onSubmit={verify} noValidate>
            <FormField
              errors={codeErrors}
              field="code"
              label="Confirmation code"
              name="email_code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              className="code-field"
              value={code}
              onValue={(value) => setCode(value.replace(/\D/g, ''))}
            />
            <Button type="submit" variant="primary" loading={busy}>
              Confirm new email
            </Button>
          </form>
        </div>
      ) : (
        <form className="form form-inline" onSubmit={change} noValidate>
          <FormError message={errors.formError} />
          <FormField
            errors={errors}
            field="email"
            label="New email address"
            name="new_email"
            type="email"
            autoComplete="email"
            maxLength={254}
            value={email}
            onValue={setEmail}
          />
          <Button type="submit" loading={busy} disabled={!email.trim()}>
            Change email
          </Button>
        </form>
      )}
    </Card>
  );
}

const PASSWORD_FIELDS = ['current_password', 'password', 'confirm'] as const;

function PasswordCard({ user }: { user: User }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(PASSWORD_FIELDS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!current) return errors.setFieldErrors({ current_password: 'Enter your current password.' });
    if (next !== confirmation)
      return errors.setFieldErrors({ confirm: 'The two new passwords do not match.' });
    setBusy(true);
    try {
      useSession
        .getState()
        .setUser(await api.patchUser('@me', { current_password: current, password: next }));
      setCurrent('');
      setNext('');
      setConfirmation('');
      toast.success('Password changed', { description: 'Your other sessions were signed out.' });
    } catch (e) {
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Password" description="Changing it signs out every other session.">
      <form className="form narrow" onSubmit={submit} noValidate>
        <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <FormError message={errors.formError} />
        <FormField
          password
          errors={errors}
          field="current_password"
          label="Current password"
          name="current_password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
        />
        <FormField
          password
          errors={errors}
          field="password"
          label="New password"
          name="new_password"
          autoComplete="new-password"
          maxLength={128}
          value={next}
          onValue={setNext}
        />
        <PasswordStrength password={next} userInputs={[user.email, user.first_name, user.last_name]} />
        <FormField
          password
          errors={errors}
          field="confirm"
          label="Repeat new password"
          name="confirm_password"
          autoComplete="new-password"
          value={confirmation}
          onValue={setConfirmation}
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" loading={busy} disabled={!current || !next}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
