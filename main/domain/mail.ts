import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { SettingsRepo } from '../db/repos/settings.js';
import type { Logger, Mailer, MailMessage } from './deps.js';

/** SMTP server URL, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…`; wins over the setting. */
export const SMTP_URL_ENV = 'USERDESK_SMTP_URL';
/** Directory for the file transport: one `.eml` per message (development, tests, air-gapped installs). */
export const MAIL_DIR_ENV = 'USERDESK_MAIL_DIR';
/** The From address; also the `mail_from` setting. */
export const MAIL_FROM_ENV = 'USERDESK_MAIL_FROM';
export const SMTP_URL_SETTING = 'smtp_url';
export const MAIL_FROM_SETTING = 'mail_from';
export const DEFAULT_MAIL_FROM = 'Userdesk <userdesk@localhost>';

type Env = Readonly<Record<string, string | undefined>>;

// A slow or dead SMTP server must not hold a request for nodemailer's default two minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

function smtpMailer(url: string, from: string): Mailer {
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  let setupError: Error | undefined;
  try {
    if (!/^smtps?:\/\//i.test(url)) throw new Error('it must start with smtp:// or smtps://');
    transport = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
  } catch (error) {
    // Kept rather than falling back to "no transport": that would silently turn a mistyped URL into
    // email changes that apply without verification.
    setupError = error as Error;
  }
  return {
    kind: 'smtp',
    async send(message: MailMessage) {
      if (!transport)
        throw new Error(`the SMTP URL is not usable (${setupError?.message ?? 'unknown error'})`);
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

function fileMailer(dir: string, from: string): Mailer {
  // nodemailer composes the RFC 5322 message (headers, encoding); we only store it.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let sequence = 0;
  return {
    kind: 'file',
    async send(message: MailMessage) {
      const info = (await composer.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      })) as {
        message: Buffer;
      };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Sortable by time of sending; the random part keeps two servers sharing a directory apart.
      // Wall-clock time is fine here: it names a file and decides nothing.
      const name = `${Date.now()}-${String(++sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;
      // 0600: a message may carry a verification code.
      await writeFile(path.join(dir, name), info.message, { mode: 0o600, flag: 'wx' });
    },
  };
}

/**
 * Chooses the mail transport per use, so a staff user can configure SMTP while the server runs:
 * SMTP through nodemailer when `USERDESK_SMTP_URL` or the `smtp_url` setting names a server, else
 * the file transport when `USERDESK_MAIL_DIR` is set (relative to the data dir), else null — and
 * then email changes apply at once (users-api.md §3). The transport is rebuilt only when its
 * configuration changes. Nothing here logs the SMTP URL: it may carry a password.
 */
export function createMailerSource(
  settings: SettingsRepo,
  dataDir: string,
  _log: Logger,
  env: Env = process.env,
): () => Mailer | null {
  let cached: { key: string; mailer: Mailer } | undefined;
  return () => {
    const smtpUrl = env[SMTP_URL_ENV]?.trim() || settings.get(SMTP_URL_SETTING)?.trim();
    const mailDir = env[MAIL_DIR_ENV]?.trim();
    const from = env[MAIL_FROM_ENV]?.trim() || settings.get(MAIL_FROM_SETTING)?.trim() || DEFAULT_MAIL_FROM;
    const dir = mailDir ? path.resolve(dataDir, mailDir) : '';
    const key = smtpUrl ? `smtp\n${smtpUrl}\n${from}` : dir ? `file\n${dir}\n${from}` : '';
    if (!key) {
      cached = undefined;
      return null;
    }
    if (cached?.key !== key) {
      cached = { key, mailer: smtpUrl ? smtpMailer(smtpUrl, from) : fileMailer(dir, from) };
    }
    return cached.mailer;
  };
}
