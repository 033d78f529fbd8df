import { useEffect, useId, useState, type FormEvent } from 'react';
import { Checkbox } from 'radix-ui';
import { toast } from 'sonner';
import { serverOffers } from '../../api/capabilities.js';
import { api } from '../../api/endpoints.js';
import { ApiRequestError } from '../../api/http.js';
import type { User } from '../../api/types.js';
import { useFormErrors } from '../../lib/errors.js';
import { Modal } from '../../components/dialogs.js';
import { PasswordField, PasswordStrength } from '../../components/password.js';
import { CopyButton } from '../../components/copy-button.js';
import { Alert, Button, FormError, LoadingBlock, TextField } from '../../components/ui.js';
import { CheckIcon } from '../../components/icons.js';

const FIELDS = ['email', 'password', 'first_name', 'last_name', 'is_staff'] as const;

/** Admin: create an account that joins this Userdesk's organization. */
export function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const [form, setForm] = useState({
    email: '',
    password: '',
    first_name: '',
    last_name: '',
    is_staff: false,
  });
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(FIELDS);
  const staffId = useId();
  const [supported, setSupported] = useState<boolean | null>(null);

  useEffect(() => {
    if (open && supported === null) void serverOffers('post', '/api/users/').then(setSupported);
  }, [open, supported]);

  const set =
    (key: 'email' | 'password' | 'first_name' | 'last_name') => (event: { target: { value: string } }) => {
      setForm((f) => ({ ...f, [key]: event.target.value }));
      errors.clear(key);
    };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!form.email.trim()) return errors.setFieldErrors({ email: 'Enter an email address.' });
    setBusy(true);
    try {
      const user = await api.createUser({
        email: form.email.trim(),
        password: form.password,
        first_name: form.first_name.trim(),
        last_name: form.last_name.trim(),
        is_staff: form.is_staff,
      });
      toast.success(`Created ${user.email}`);
      setForm({ email: '', password: '', first_name: '', last_name: '', is_staff: false });
      onCreated(user);
    } catch (e) {
      if (e instanceof ApiRequestError && (e.status === 404 || e.status === 405)) {
        errors.setFormError(
          'This server cannot create users from the window yet. Use `userdesk users create` on the command line.',
        );
      } else {
        errors.take(e);
      }
    } finally {
      setBusy(false);
    }
  };

  if (supported !== true) {
    const command = 'userdesk users create --email EMAIL --password PASSWORD --first-name NAME';
    return (
      <Modal
        open={open}
        onOpenChange={(o) => (!o ? onClose() : undefined)}
        title="Create user"
        description="The new account joins your organization as a member of its project."
        footer={<Button onClick={onClose}>Close</Button>}
      >
        {supported === null ? (
          <LoadingBlock rows={2} label="Checking what this server offers" />
        ) : (
          <>
            <Alert tone="info" title="Create accounts from the command line">
              This Userdesk's API has no route for creating users from the window. On this machine, run:
            </Alert>
            <div className="secret-box">
              <code className="mono">{command}</code>
              <CopyButton text={command} size="sm" toastMessage="Command copied" />
            </div>
            <p className="muted small">
              Add --staff to make an administrator. The new user appears in this list when you refresh.
            </p>
          </>
        )}
      </Modal>
    );
  }

  return (
    <Modal
      open={open}
      onOpenChange={(o) => (!o ? onClose() : undefined)}
      title="Create user"
      description="The new account joins your organization as a member of its project."
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.formError} />
        <div className="form-row">
          <TextField
            label="First name"
            autoFocus
            value={form.first_name}
            maxLength={150}
            onChange={set('first_name')}
            error={errors.fieldErrors.first_name}
          />
          <TextField
            label="Last name"
            value={form.last_name}
            maxLength={150}
            onChange={set('last_name')}
            error={errors.fieldErrors.last_name}
          />
        </div>
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          value={form.email}
          maxLength={254}
          onChange={set('email')}
          error={errors.fieldErrors.email}
        />
        <PasswordField
          label="Initial password"
          autoComplete="new-password"
          value={form.password}
          maxLength={128}
          onChange={set('password')}
          error={errors.fieldErrors.password}
          hint="Share it safely; they can change it under Profile."
        />
        <PasswordStrength
          password={form.password}
          userInputs={[form.email, form.first_name, form.last_name]}
        />
        <div className="checkbox-row">
          <Checkbox.Root
            id={staffId}
            className="checkbox"
            checked={form.is_staff}
            onCheckedChange={(v) => setForm((f) => ({ ...f, is_staff: v === true }))}
          >
            <Checkbox.Indicator className="checkbox-indicator">
              <CheckIcon size={14} />
            </Checkbox.Indicator>
          </Checkbox.Root>
          <label htmlFor={staffId}>
            Administrator
            <span className="checkbox-description">Can see and manage every user.</span>
          </label>
        </div>
        <div className="dialog-footer flush">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy}>
            Create user
          </Button>
        </div>
      </form>
    </Modal>
  );
}
