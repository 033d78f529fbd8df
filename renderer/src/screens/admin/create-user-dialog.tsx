import { useId, useState, type FormEvent } from 'react';
import { Checkbox } from 'radix-ui';
import { toast } from 'sonner';
import { api } from '../../api/endpoints.js';
import type { User } from '../../api/types.js';
import { useFormErrors } from '../../lib/errors.js';
import { Modal } from '../../components/dialogs.js';
import { PasswordStrength } from '../../components/password.js';
import { FormField } from '../../components/form-field.js';
import { Button, FormError } from '../../components/ui.js';
import { CheckIcon } from '../../components/icons.js';

const FIELDS = ['email', 'password', 'first_name', 'last_name', 'is_staff'] as const;
const EMPTY = { email: '', password: '', first_name: '', last_name: '', is_staff: false };

/**
 * Admin: create an account that joins this Userdesk's organization (POST /api/users/, staff only).
 * The route is sensitive: an old sign-in gets "Confirm it's you" from the HTTP layer, on top of this
 * dialog, and the request is retried; the server's field errors land under the field its `attr` names.
 */
export function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(FIELDS);
  const staffId = useId();

  const set = (key: 'email' | 'password' | 'first_name' | 'last_name') => (value: string) =>
    setForm((f) => ({ ...f, [key]: value }));

  const close = () => {
    setForm(EMPTY);
    errors.clear();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!form.email.trim()) return errors.setFieldErrors({ email: 'Enter an email address.' });
    if (!form.password) return errors.setFieldErrors({ password: 'Choose an initial password.' });
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
      setForm(EMPTY);
      onCreated(user);
    } catch (e) {
      // A cancelled "Confirm it's you" is ignored here: the form stays filled in, unchanged.
      errors.take(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onOpenChange={(o) => (!o ? close() : undefined)}
      title="Create user"
      description="The new account joins your organization as a member of its project."
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError message={errors.formError} />
        <div className="form-row">
          <FormField
            errors={errors}
            field="first_name"
            label="First name"
            autoFocus
            value={form.first_name}
            maxLength={150}
            onValue={set('first_name')}
          />
          <FormField
            errors={errors}
            field="last_name"
            label="Last name"
            value={form.last_name}
            maxLength={150}
            onValue={set('last_name')}
          />
        </div>
        <FormField
          errors={errors}
          field="email"
          label="Email"
          type="email"
          autoComplete="off"
          value={form.email}
          maxLength={254}
          onValue={set('email')}
        />
        <FormField
          password
          errors={errors}
          field="password"
          label="Initial password"
          autoComplete="new-password"
          value={form.password}
          maxLength={128}
          onValue={set('password')}
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
            aria-invalid={errors.fieldErrors.is_staff ? true : undefined}
            onCheckedChange={(v) => {
              setForm((f) => ({ ...f, is_staff: v === true }));
              errors.clear('is_staff');
            }}
          >
            <Checkbox.Indicator className="checkbox-indicator">
              <CheckIcon size={14} />
            </Checkbox.Indicator>
          </Checkbox.Root>
          <label htmlFor={staffId}>
            Administrator
            <span className="checkbox-description">
              {errors.fieldErrors.is_staff ?? 'Can see and manage every user.'}
            </span>
          </label>
        </div>
        <div className="dialog-footer flush">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" loading={busy}>
            Create user
          </Button>
        </div>
      </form>
    </Modal>
  );
}
