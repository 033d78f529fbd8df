import { z } from 'zod';

/**
 * Passkey (WebAuthn) bodies of users-api.md §6, routes 20–27. Binary fields are base64url without
 * padding, in the shapes `@simplewebauthn/browser` produces (`startRegistration`,
 * `startAuthentication`) and consumes (`optionsJSON`). Pure zod: the server validates with these,
 * the renderer's client is typed by them and /api/schema/ documents them.
 */

const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'Not base64url.');

export const PASSKEY_LABEL_MAX = 200;

export const PasskeyMessages = {
  label: 'Label is required and must be 200 characters or less.',
  notFound: 'Credential not found.',
  alreadyVerified: 'Credential is already verified.',
  registrationChallenge: 'No registration challenge found. Please start registration again.',
  registrationFailed: 'Registration failed: could not complete registration',
  stored: 'Credential stored. Please verify your passkey to complete registration.',
  verificationChallenge: 'No pending verification. Please start verification again.',
  verificationFailed: 'Verification failed: could not complete verification',
  loginChallenge: 'No login challenge found. Please start login again.',
  loginFailed: 'Authentication failed. Please check your passkey and try again.',
  noPendingSession: 'No pending 2FA session. Please log in first.',
  noPasskeys: 'No passkeys found for this user.',
  notEnabledFor2fa: 'Passkeys are not enabled for 2FA. Please enable them in your settings.',
  noChallenge2fa: 'No 2FA challenge found. Please start 2FA again.',
  invalidPasskey: 'Invalid passkey.',
  passkeyFailed: 'Passkey verification failed. Please try again.',
  invalidSession: 'Invalid 2FA session. Please log in again.',
  expired: 'Login attempt has expired. Re-enter username/password.',
} as const;

/** One refinement so a blank or long label answers PostHog's one sentence (code `invalid_input`, attr `label`). */
const LabelSchema = z
  .string()
  .trim()
  .refine((v) => v.length >= 1 && v.length <= PASSKEY_LABEL_MAX, PasskeyMessages.label);

const CredentialDescriptorSchema = z.object({
  id: z.string(),
  /** Always `public-key`. */
  type: z.string(),
  transports: z.array(z.string()).optional(),
});

/** Client extension inputs (the server asks for `credProps` at registration). */
const ExtensionsSchema = z
  .object({
    appid: z.string().optional(),
    credProps: z.boolean().optional(),
    hmacCreateSecret: z.boolean().optional(),
    minPinLength: z.boolean().optional(),
  })
  .optional();

/** Route 20's answer: `optionsJSON` for `startRegistration`. */
export const PasskeyCreationOptionsSchema = z
  .object({
    rp: z.object({ id: z.string().optional(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    challenge: z.string(),
    pubKeyCredParams: z.array(z.object({ type: z.string(), alg: z.number().int() })),
    timeout: z.number().int().optional(),
    excludeCredentials: z.array(CredentialDescriptorSchema).optional(),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.string().optional(),
        residentKey: z.string().optional(),
        requireResidentKey: z.boolean().optional(),
        userVerification: z.string().optional(),
      })
      .optional(),
    attestation: z.string().optional(),
    extensions: ExtensionsSchema,
    hints: z.array(z.string()).optional(),
  })
  .meta({ id: 'PasskeyCreationOptions' });

/** Routes 22, 24, 26: `optionsJSON` for `startAuthentication`. */
export const PasskeyRequestOptionsSchema = z
  .object({
    challenge: z.string(),
    timeout: z.number().int().optional(),
    rpId: z.string().optional(),
    allowCredentials: z.array(CredentialDescriptorSchema).optional(),
    userVerification: z.string().optional(),
    extensions: ExtensionsSchema,
    hints: z.array(z.string()).optional(),
  })
  .meta({ id: 'PasskeyRequestOptions' });

const ClientExtensionResultsSchema = z.record(z.string(), z.unknown()).optional().default({});

/** Route 21's body: what `startRegistration` returned, spread at the top level, plus a label. */
export const PasskeyRegisterCompleteRequestSchema = z
  .object({
    id: b64url(1400),
    rawId: b64url(1400),
    type: z.literal('public-key'),
    response: z.object({
      clientDataJSON: b64url(16_000),
      attestationObject: b64url(200_000),
      transports: z.array(z.string().max(32)).max(10).optional(),
      authenticatorData: b64url(200_000).optional(),
      publicKey: b64url(16_000).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
    }),
    clientExtensionResults: ClientExtensionResultsSchema,
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    label: LabelSchema.optional(),
  })
  .meta({ id: 'PasskeyRegisterCompleteRequest' });
export type PasskeyRegisterCompleteRequest = z.infer<typeof PasskeyRegisterCompleteRequestSchema>;

/** The inner `response` of an assertion (`startAuthentication`'s `response`). */
export const AssertionResponseSchema = z.object({
  clientDataJSON: b64url(16_000),
  authenticatorData: b64url(16_000),
  signature: b64url(4_000),
  userHandle: b64url(200).optional(),
});

/** Routes 22 (verify_complete) and 24 (login complete): what `startAuthentication` returned. */
export const PasskeyAssertionSchema = z
  .object({
    id: b64url(1400),
    rawId: b64url(1400),
    type: z.literal('public-key'),
    response: AssertionResponseSchema,
    clientExtensionResults: ClientExtensionResultsSchema,
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  })
  .meta({ id: 'PasskeyAssertion' });
export type PasskeyAssertion = z.infer<typeof PasskeyAssertionSchema>;

/** Route 27's passkey form of `/api/login/token`: `{credential_id: assertion.id, response: assertion.response}`. */
export const PasskeyTokenRequestSchema = z
  .object({ credential_id: b64url(1400), response: AssertionResponseSchema })
  .meta({ id: 'PasskeyTokenRequest' });
export type PasskeyTokenRequest = z.infer<typeof PasskeyTokenRequestSchema>;

/** Route 21's answer. */
export const PasskeyRegisterCompleteResponseSchema = z
  .object({ success: z.literal(true), credential_id: z.string(), message: z.string() })
  .meta({ id: 'PasskeyRegisterCompleteResponse' });

/** Route 23: one of the caller's passkeys (never the credential id or key). */
export const PasskeyCredentialSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    transports: z.array(z.string()),
    verified: z.boolean(),
    authenticator_type: z.enum(['platform', 'hybrid', 'hardware', 'unknown']),
  })
  .meta({ id: 'PasskeyCredential' });
export type PasskeyCredential = z.infer<typeof PasskeyCredentialSchema>;

export const PasskeyCredentialListSchema = z
  .array(PasskeyCredentialSchema)
  .meta({ id: 'PasskeyCredentialList' });

export const PasskeyPathSchema = z.object({ id: z.string().max(64) });

export const PasskeyRenameRequestSchema = z
  .object({
    label: LabelSchema,
  })
  .meta({ id: 'PasskeyRenameRequest' });

/** Route 25. PostHog's precheck also answers SSO keys; Userdesk has no SSO, so only passkeys. */
export const LoginPrecheckRequestSchema = z
  .object({ email: z.string().max(254) })
  .meta({ id: 'LoginPrecheckRequest' });
export const LoginPrecheckResponseSchema = z
  .object({ webauthn_credentials: z.array(CredentialDescriptorSchema) })
  .meta({ id: 'LoginPrecheckResponse' });

/** Route 26. `has_passkeys` = usable for 2FA (a verified passkey and the flag on), as PostHog. */
export const PasskeyTwoFactorMethodsSchema = z
  .object({ has_totp: z.boolean(), has_passkeys: z.boolean() })
  .meta({ id: 'PasskeyTwoFactorMethods' });

/** Routes 20–26 add PostHog's `error` key (= detail) to the contract's error body. */
export const PASSKEY_ERROR_KEY_PATHS = [
  /^\/api\/webauthn\//,
  /^\/api\/login\/precheck\/?$/,
  /^\/api\/login\/2fa\/passkey\//,
];
