import { useCallback, useState } from 'react';
import { toast } from 'sonner';
import { ApiRequestError, ReauthCancelled } from '../api/http.js';

/**
 * Maps an API error onto a form: when its `attr` names one of the form's fields the sentence goes
 * under that field; otherwise it becomes the form's own message. Returns the state and setters.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const take = useCallback(
    (error: unknown): void => {
      if (error instanceof ReauthCancelled) return;
      const apiError = error instanceof ApiRequestError ? error : null;
      const detail = apiError?.body.detail ?? (error instanceof Error ? error.message : String(error));
      const attr = apiError?.attr ?? null;
      const field = attr ? fields.find((f) => f === attr || attr.startsWith(`${f}__`)) : undefined;
      if (field) {
        setFieldErrors({ [field]: detail } as Partial<Record<F, string>>);
        setFormError(null);
      } else {
        setFieldErrors({});
        setFormError(detail);
      }
    },
    [fields],
  );

  const clear = useCallback((field?: F) => {
    setFormError(null);
    if (field) setFieldErrors((previous) => ({ ...previous, [field]: undefined }));
    else setFieldErrors({});
  }, []);

  return { fieldErrors, formError, take, clear, setFieldErrors, setFormError };
}

/** The sentence to show for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.body.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs an action, toasting success or failure; a cancelled "Confirm it's you" stays silent. */
export async function runAction<T>(
  action: () => Promise<T>,
  messages: { success?: string | ((value: T) => string); error?: string } = {},
): Promise<T | undefined> {
  try {
    const value = await action();
    if (messages.success) {
      toast.success(typeof messages.success === 'function' ? messages.success(value) : messages.success);
    }
    return value;
  } catch (error) {
    if (error instanceof ReauthCancelled) return undefined;
    toast.error(messages.error ?? 'That did not work', { description: errorMessage(error) });
    return undefined;
  }
}
