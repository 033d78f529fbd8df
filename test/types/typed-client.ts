/**
 * Type-level tests of the typed client (compiled by `npm run typecheck` through
 * tsconfig.renderer.json; never run). Each `@ts-expect-error` line must fail to compile: if the
 * client stopped catching that mistake, the directive itself becomes the compile error.
 */
import type { PasskeyTokenRequest } from '../../shared/passkeys.js';
import type { User } from '../../shared/user.js';
import { call } from '../../renderer/src/api/client.js';

export async function typedClientChecks(passkeyResponse: PasskeyTokenRequest['response']): Promise<void> {
  // The answer type comes from the contract: GET @me is a User, with no type written here.
  const me = await call('GET /api/users/{uuid}/', { params: { uuid: '@me' } });
  const email: string = me.email;
  const user: User = me;

  // @ts-expect-error a wrong response type: the user answer has no `token` field
  const wrongField: string = me.token;
  // @ts-expect-error a wrong response type: a list route does not answer a User
  const wrongShape: User = await call('GET /api/personal_api_keys/', {});
  // @ts-expect-error a 204 route answers nothing
  const nothing: { id: string } = await call('DELETE /api/personal_api_keys/{id}/', { params: { id: 'x' } });

  // @ts-expect-error an unknown route key
  await call('GET /api/users/{uuid}/nonexistent/', { params: { uuid: '@me' } });
  // @ts-expect-error a known path with the wrong method
  await call('DELETE /api/login/', {});

  // @ts-expect-error a missing body
  await call('POST /api/personal_api_keys/', {});
  // @ts-expect-error a body missing a required field
  await call('POST /api/login/', { body: { email: 'a@example.com' } });
  // A route's other body forms are accepted (the passkey form of the second login step)…
  await call('POST /api/login/token/', { body: { token: '123456' } });
  await call('POST /api/login/token/', { body: { credential_id: 'abc', response: passkeyResponse } });
  // @ts-expect-error …and a body that is none of its forms is not
  await call('POST /api/login/token/', { body: { credential_id: 'abc' } });
  // @ts-expect-error a missing path parameter
  await call('GET /api/users/{uuid}/two_factor_status/', {});

  void [email, user, wrongField, wrongShape, nothing];
}
