import assert from 'node:assert/strict';
import type { HttpClient } from './http-client.js';

export const STRONG_PASSWORD = 'correct horse battery staple 42';

let counter = 0;
/** A unique, valid email for this test run. */
export const uniqueEmail = (name = 'user') => `${name}.${process.pid}.${++counter}@example.com`;

/** Signs up through the API (the first account of a server becomes staff) and returns the user. */
export async function signUp(client: HttpClient, overrides: Record<string, unknown> = {}) {
  const body = { email: uniqueEmail(), password: STRONG_PASSWORD, first_name: 'Ada', ...overrides };
  const res = await client.post('/api/signup/', body);
  assert.equal(res.status, 201, res.text);
  return { user: res.body, email: body.email as string, password: body.password as string };
}

export async function logIn(client: HttpClient, email: string, password = STRONG_PASSWORD) {
  return client.post('/api/login/', { email, password });
}

/** Creates a personal API key through the session routes and returns its raw value. */
export async function createKey(client: HttpClient, scopes: string[] = ['*'], label = 'test key') {
  const res = await client.post('/api/personal_api_keys/', { label, scopes });
  assert.equal(res.status, 201, res.text);
  return res.body.value as string;
}
