import type { z } from 'zod';
import type { RouteAccess } from './scopes.js';

/**
 * One route of the API as data: method, path, who may call, and the zod schemas of its input and
 * answer. The server implements it (main/server/route.ts: validation, guard, /api/schema/), the
 * renderer's client is typed from it (renderer/src/api/client.ts) — one source, no cast, no second
 * hand-written copy of a shape (GitHub Desktop's shared IPC contract, applied to HTTP).
 */
export interface RouteContract {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path with its trailing slash, e.g. `/api/users/{uuid}/`; the slash is optional at run time. */
  path: string;
  /** Who may call; `public` needs no credentials (the route may still check the caller itself). */
  access: RouteAccess | 'public';
  /** Needs a login within the last 2 hours (security.md 13, 26). */
  sensitive?: boolean;
  /** Staff only: refused with 403 before the body is even read (authorization before validation). */
  staffOnly?: boolean;
  summary: string;
  tags: readonly string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /**
   * Other body forms the route takes, each answered by a middleware before `body` is validated (the
   * passkey form of /api/login/token). /api/schema/ documents them beside `body`, and the typed
   * client accepts them; `body` alone still decides the errors of everything else.
   */
  otherBodies?: readonly z.ZodType[];
  /** Status of the success answer (default 200). */
  status?: number;
  /** Schema of the success answer; null = no body (204). */
  response: z.ZodType | null;
}

/** Declares a route contract, keeping its literal method and path for the typed client. */
export function route<const R extends RouteContract>(contract: R): R {
  return contract;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Sent<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler receives: every part validated by the schema the route declares. */
export interface ValidInput<R extends RouteContract> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
}

/** What a handler returns on success (the server serialises it with the route's status). */
export type HandlerOutput<R extends RouteContract> = R['response'] extends z.ZodType
  ? z.input<R['response']>
  : void;

/** What a client sends: only the parts the route declares. */
export type ClientInput<R extends RouteContract> = (R['params'] extends z.ZodType
  ? { params: Sent<R['params']> }
  : { params?: undefined }) &
  (R['query'] extends z.ZodType ? { query?: Partial<Sent<R['query']>> } : { query?: undefined }) &
  (R['body'] extends z.ZodType
    ? { body: Sent<R['body']> | (R['otherBodies'] extends readonly (infer O)[] ? Sent<O> : never) }
    : { body?: undefined });

/** What a client gets back on success. */
export type ClientOutput<R extends RouteContract> = R['response'] extends z.ZodType
  ? z.output<R['response']>
  : void;

/** `"GET /api/users/{uuid}/"`: how the client names a route, checked against the table. */
export type RouteKeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${Uppercase<M>} ${P}`
  : never;

/** A table of contracts re-keyed by `"METHOD path"`. */
export type ByKey<T extends Record<string, RouteContract>> = {
  [N in keyof T as RouteKeyOf<T[N]>]: T[N];
};
