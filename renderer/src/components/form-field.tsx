import type { ChangeEvent } from 'react';
import { TextField, type TextFieldProps } from './ui.js';
import { PasswordField } from './password.js';

/** What FormField needs from `useFormErrors`: the field's message and a way to clear it. */
export interface FieldErrors<F extends string> {
  fieldErrors: Partial<Record<F, string>>;
  clear: (field?: F) => void;
}

export interface FormFieldProps<F extends string> extends Omit<TextFieldProps, 'error' | 'onChange'> {
  /** The form's errors (from `useFormErrors`). */
  errors: FieldErrors<F>;
  /** The error key this field shows (the API's `attr`); not always the input's `name`. */
  field: F;
  /** Receives the new text; typing also clears this field's error. */
  onValue: (value: string) => void;
  /** A password input with its show/hide toggle instead of a plain one. */
  password?: boolean;
}

/**
 * One form control bound to its form's errors by key: the label, input and error sentence (wired
 * by TextField with aria-invalid and aria-describedby, error id first) without each screen
 * repeating the `error={…}` / clear-on-change plumbing.
 */
export function FormField<F extends string>({
  errors,
  field,
  onValue,
  password = false,
  ...rest
}: FormFieldProps<F>) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    onValue(event.target.value);
    errors.clear(field);
  };
  const error = errors.fieldErrors[field];
  if (password) {
    const { type: _ignored, ...passwordProps } = rest;
    void _ignored;
    return <PasswordField {...passwordProps} error={error} onChange={onChange} />;
  }
  return <TextField {...rest} error={error} onChange={onChange} />;
}
