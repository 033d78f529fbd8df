import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { IssuedSession } from '../domain/sessions.js';

export const SESSION_COOKIE = 'sessionid';
export const CSRF_COOKIE = 'csrftoken';

/** sessionid: HttpOnly + SameSite=Strict (security.md 16); csrftoken: readable by the page. */
export function setSessionCookies(c: Context, issued: IssuedSession, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, issued.token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: maxAgeSeconds,
  });
  setCookie(c, CSRF_COOKIE, issued.csrfToken, { sameSite: 'Strict', path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookies(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  deleteCookie(c, CSRF_COOKIE, { path: '/' });
}

export const readSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE);
export const readCsrfCookie = (c: Context) => getCookie(c, CSRF_COOKIE);
