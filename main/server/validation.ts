import type { z } from 'zod';
import { ApiError, Messages } from '../../shared/errors.js';

type Issue = z.core.$ZodIssue & { input?: unknown };

const attrOf = (path: readonly PropertyKey[]) =>
  path.length === 0 ? null : path.map((p) => String(p)).join('__');

const typeMessages: Record<string, string> = {
  string: 'Not a valid string.',
  boolean: 'Must be a valid boolean.',
  number: 'A valid number is required.',
  int: 'A valid integer is required.',
  object: 'Expected a dictionary of items.',
  record: 'Expected a dictionary of items.',
  array: 'Expected a list of items.',
};

/**
 * Turns the first zod issue into the contract's error with DRF's sentences, so a PostHog client
 * sees the codes and details it already handles (`required`, `null`, `invalid_choice`, …).
 */
export function issueToApiError(issue: Issue): ApiError {
  const attr = attrOf(issue.path);
  const fail = (code: string, detail: string) => new ApiError(400, 'validation_error', code, detail, attr);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return fail('required', Messages.required);
      if (issue.input === null) return fail('null', 'This field may not be null.');
      return fail('invalid_input', typeMessages[issue.expected] ?? 'Invalid value.');
    case 'invalid_union':
      // A "string or number" field reports a missing or null value as a union failure; DRF says
      // `required` / `null` there like anywhere else.
      if (issue.input === undefined) return fail('required', Messages.required);
      if (issue.input === null) return fail('null', 'This field may not be null.');
      return fail('invalid_input', issue.message || 'Invalid value.');
    case 'invalid_value': {
      // zod reports a missing required enum as a bad choice of `undefined`.
      if (issue.input === undefined) return fail('required', Messages.required);
      if (issue.input === null) return fail('null', 'This field may not be null.');
      const shown = typeof issue.input === 'string' ? issue.input : JSON.stringify(issue.input);
      return fail('invalid_choice', `"${shown}" is not a valid choice.`);
    }
    case 'too_big':
      return issue.origin === 'string'
        ? fail('max_length', `Ensure this field has no more than ${issue.maximum} characters.`)
        : fail('max_value', `Ensure this value is less than or equal to ${issue.maximum}.`);
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? fail('blank', 'This field may not be blank.')
        : issue.origin === 'string'
          ? fail('min_length', `Ensure this field has at least ${issue.minimum} characters.`)
          : fail('min_value', `Ensure this value is greater than or equal to ${issue.minimum}.`);
    case 'invalid_format':
      return fail(
        'invalid_input',
        issue.format === 'email' ? 'Enter a valid email address.' : 'Invalid value.',
      );
    default:
      return fail('invalid_input', issue.message || 'Invalid value.');
  }
}

/** Parses with the schema, throwing the contract's 400 for the first problem. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw issueToApiError(result.error.issues[0] as Issue);
  return result.data;
}
