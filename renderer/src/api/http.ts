import type { ErrorBody } from '../../../shared/errors.js';

/**
 * The one way the window talks to the local server: same-origin fetch, JSON both ways, the CSRF
 * header on every unsafe method (users-api.md §2), and every failure turned into an ApiRequestError
 * carrying the contract's `{type, code, detail, attr}` body.
 */

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** Seconds from `Retry-After` on a 429, else null. */
    readonly retryAfter: number | null = null,
  ) {
    super(body.detail);
    this.name = 'ApiRequestError';
  }

  get code(): string {
    return this.body.code;
  }

  get attr(): string | null {
    return this.body.attr;
  }
}

/** Thrown when the user closes the "Confirm it's you" dialog instead of confirming. */
export class ReauthCancelled extends Error {
  constructor() {
    super('Confirmation cancelled.');
    this.name = 'ReauthCancelled';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Query parameters; undefined, null and '' values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>;
  /**
   * On 403 `sensitive_action_required_reauth`, ask the user to confirm it's them and retry once.
   * On by default for unsafe methods.
   */
  reauth?: boolean;
  /** Leave a 401 `not_authenticated` to the caller instead of signing the window out. */
  quiet401?: boolean;
}

/** Hooks the session layer installs: what to do when the session ends or needs confirming. */
export const httpHooks: {
  onSessionEnded: () => void;
  onReauthRequired: () => Promise<void>;
} = {
  onSessionEnded: () => {},
  onReauthRequired: () => Promise.reject(new ReauthCancelled()),
};

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    typeof (value as ErrorBody).detail === 'string'
  );
}

async function send<T>(method: Method, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const unsafe = method !== 'GET';
  if (unsafe) {
    headers['Content-Type'] = 'application/json';
    const csrf = readCookie('csrftoken');
    if (csrf) headers['X-CSRFToken'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: unsafe && method !== 'DELETE' ? JSON.stringify(body ?? {}) : undefined,
    });
  } catch {
    throw new ApiRequestError(0, {
      type: 'server_error',
      code: 'network_error',
      detail: 'The local Userdesk server cannot be reached. Is it still running?',
      attr: null,
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (response.ok) return parsed as T;

  const errorBody: ErrorBody = isErrorBody(parsed)
    ? parsed
    : {
        type: 'server_error',
        code: 'error',
        detail: `The server answered ${response.status} ${response.statusText}.`.trim(),
        attr: null,
      };
  const retryHeader = response.headers.get('Retry-After');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
  throw new ApiRequestError(response.status, errorBody, retryAfter);
}

/** One request with the session hooks applied (sign-out on 401, confirm-and-retry on reauth). */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const reauth = options.reauth ?? method !== 'GET';
  try {
    return await send<T>(method, path, body, options);
  } catch (error) {
    if (!(error instanceof ApiRequestError)) throw error;
    if (error.status === 401 && error.code === 'not_authenticated' && !options.quiet401) {
      httpHooks.onSessionEnded();
    }
    if (reauth && error.status === 403 && error.code === 'sensitive_action_required_reauth') {
      await httpHooks.onReauthRequired();
      return send<T>(method, path, body, options);
    }
    throw error;
  }
}
