/**
 * The one error shape of the contract (users-api.md §1): every error body is
 * `{type, code, detail, attr}`. Domain code throws ApiError; the server renders it once.
 */
export type ErrorType =
  'validation_error' | 'authentication_error' | 'invalid_request' | 'throttled_error' | 'server_error';

export interface ErrorBody {
  type: ErrorType;
  code: string;
  detail: string;
  attr: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    readonly code: string,
    readonly detail: string,
    readonly attr: string | null = null,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { type: this.type, code: this.code, detail: this.detail, attr: this.attr };
  }
}

/** The sentences the contract quotes, kept in one place so server, renderer and tests agree. */
export const Messages = {
  notAuthenticated: 'Authentication credentials were not provided.',
  notFound: 'Not found.',
  methodNotAllowed: (method: string) => `Method "${method}" not allowed.`,
  unsupportedMediaType: (type: string) => `Unsupported media type "${type}" in request.`,
  throttled: (seconds: number) => `Request was throttled. Expected available in ${seconds} seconds.`,
  serverError: 'A server error occurred.',
  invalidCredentials: 'Invalid email or password.',
  twoFactorRequired: '2FA is required.',
  csrfFailed: 'CSRF Failed: CSRF token missing or incorrect.',
  originRefused: 'Cross-site requests are not allowed.',
  keyNotInHeader: 'Personal API keys must be sent in the Authorization header.',
  keyInvalid: 'Personal API key found in request Authorization header is invalid.',
  keyMissingScope: (scope: string) => `API key missing required scope '${scope}'`,
  keyNotSupported: 'This action does not support personal API key access',
  sensitiveReauth: 'This action requires you to be recently authenticated.',
  meOnly: "As a non-staff user you're only allowed to access the `@me` user instance.",
  notStaff: 'You are not a staff user, contact your instance admin.',
  signupDisabled: 'Sign up is disabled. Ask an administrator of this Userdesk to create your account.',
  emailTaken: 'There is already an account with this email address.',
  required: 'This field is required.',
  tokenInvalid: 'Token is not valid',
  setupExpired: '2FA setup session expired. Please start setup again.',
  // Users API §3–§4 (user updates, email change, push tokens, scene personalisation).
  credentialsFromAppOnly:
    'You can only change your email or password from the app, not with an API key or token.',
  staffFromAppOnly: 'Staff can only be granted or removed from the app, not with an API key.',
  currentPasswordRequired: 'This field is required when updating your password.',
  currentPasswordIncorrect: 'Your current password is incorrect.',
  noPasskeys: 'You must have at least one passkey set up before enabling passkeys for 2FA.',
  doesNotExist: (value: unknown) => `Object with id=${String(value)} does not exist.`,
  pushTokensMeOnly: 'Push tokens can only be managed via the `@me` path.',
  emailChangeNotFound: 'No active email change requests found.',
  emailCodeInvalid: 'This verification code is invalid or has expired.',
  dashboardRequired: 'Dashboard must be provided.',
  sceneRequired: 'Scene must be provided.',
  dashboardWrongTeam: "Dashboard must belong to the user's current team.",
  lastStaffUser: 'This is the last staff user of this Userdesk: make someone else staff first.',
  blank: 'This field may not be blank.',
  notNull: 'This field may not be null.',
} as const;

export const notAuthenticated = () =>
  new ApiError(401, 'authentication_error', 'not_authenticated', Messages.notAuthenticated);
export const notFound = () => new ApiError(404, 'invalid_request', 'not_found', Messages.notFound);
export const permissionDenied = (detail: string, code = 'permission_denied') =>
  new ApiError(403, 'authentication_error', code, detail);
export const validationError = (code: string, detail: string, attr: string | null = null) =>
  new ApiError(400, 'validation_error', code, detail, attr);
export const throttledError = (seconds: number) =>
  new ApiError(429, 'throttled_error', 'throttled', Messages.throttled(seconds), null, {
    'Retry-After': String(seconds),
  });
export const conflictError = (detail: string) => new ApiError(409, 'server_error', 'conflict', detail);
