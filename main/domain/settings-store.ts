/**
 * Settings a person sets with `userdesk settings set NAME VALUE`. `smtp_url` may carry the SMTP
 * password, so it is stored sealed under the data key (AES-256-GCM, bound to its name, like TOTP
 * secrets) and never printed back in full: only its scheme, host and port.
 */
import type { SettingsRepo } from '../db/repos/settings.js';
import type { DataKeyProvider } from './data-key.js';
import { open, seal } from './secret-box.js';

export const SMTP_URL_SETTING = 'smtp_url';
export const MAIL_FROM_SETTING = 'mail_from';

interface SettingSpec {
  secret: boolean;
  help: string;
  /** Returns an error message for a bad value, else null. */
  check(value: string): string | null;
}

export const SETTINGS: Readonly<Record<string, SettingSpec>> = {
  [SMTP_URL_SETTING]: {
    secret: true,
    help: 'SMTP server for mail, smtp://user:password@host:587 or smtps://… (stored sealed)',
    check: (v) => (smtpTarget(v) ? null : 'smtp_url must look like smtp://[user:password@]host[:port]'),
  },
  [MAIL_FROM_SETTING]: {
    secret: false,
    help: 'the From address of mail Userdesk sends',
    check: (v) => (/@/.test(v) ? null : 'mail_from must contain an email address'),
  },
  activity_retention_days: {
    secret: false,
    help: 'days of activity kept before pruning (default 400)',
    check: (v) =>
      /^[1-9]\d{0,4}$/.test(v) ? null : 'activity_retention_days must be a whole number of days',
  },
  signup_allowed: {
    secret: false,
    help: 'true lets anyone sign up; false (default) leaves it to staff',
    check: (v) => (v === 'true' || v === 'false' ? null : 'signup_allowed must be true or false'),
  },
};

type KeySource = Pick<DataKeyProvider, 'getKey'>;
const aad = (name: string) => `setting:${name}`;

/** scheme://host:port of an SMTP URL (never its user or password), or null if it is not one. */
export function smtpTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!/^smtps?:$/.test(parsed.protocol) || !parsed.hostname) return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** Stores a setting, sealing the secret ones. */
export function putSetting(settings: SettingsRepo, dataKey: KeySource, name: string, value: string): void {
  const spec = SETTINGS[name];
  if (!spec) throw new Error(`unknown setting ${name}`);
  if (!spec.secret) {
    settings.put(name, value);
    return;
  }
  const key = dataKey.getKey();
  try {
    settings.put(name, seal(key, value, aad(name)));
  } finally {
    key.fill(0);
  }
}

/** The stored value, opened if sealed; undefined when unset. Throws if a sealed value does not open. */
export function readSetting(settings: SettingsRepo, dataKey: KeySource, name: string): string | undefined {
  const stored = settings.get(name);
  if (stored === undefined || !SETTINGS[name]?.secret) return stored;
  const key = dataKey.getKey();
  try {
    return open(key, stored, aad(name));
  } finally {
    key.fill(0);
  }
}

/** What `settings get/list` may print: secret values reduced to what identifies them. */
export function displaySetting(name: string, value: string | undefined): string {
  if (value === undefined) return '(not set)';
  if (name !== SMTP_URL_SETTING) return value;
  const target = smtpTarget(value);
  if (!target) return '(set, not a usable URL)';
  const parsed = new URL(value);
  return parsed.username || parsed.password ? `${target} (with credentials, hidden)` : target;
}
