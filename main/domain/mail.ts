import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import { makePrivate, repairLine } from '../db/private-files.js';
import type { SettingsRepo } from '../db/repos/settings.js';
import type { DataKeyProvider } from './data-key.js';
import type { Logger, Mailer, MailMessage } from './deps.js';
import { MAIL_FROM_SETTING, readSetting, SMTP_URL_SETTING } from './settings-store.js';

/** SMTP server URL, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…`; wins over the setting. */
export const SMTP_URL_ENV = 'USERDESK_SMTP_URL';
/** Directory for the file transport: one `.eml` per message (development, tests, air-gapped installs). */
export const MAIL_DIR_ENV = 'USERDESK_MAIL_DIR';
/** The From address; also the `mail_from` setting. */
export const MAIL_FROM_ENV = 'USERDESK_MAIL_FROM';
export { MAIL_FROM_SETTING, SMTP_URL_SETTING };
export const DEFAULT_MAIL_FROM = 'Userdesk <userdesk@localhost>';

const UNREADABLE = 'unreadable:';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * nodemailer on the first message, not at start-up: ~14 MB of RSS and ~0.1 s of loading that a
 * server which never sends mail (most desktop installs) would otherwise pay.
 */
const loadNodemailer = once(async () => (await import('nodemailer')).default);

/** The promise of the first call, shared by every later one (a failure is kept, too). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

// A slow or dead SMTP server must not hold a request for nodemailer's default two minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

function smtpMailer(url: string, from: string): Mailer {
  // Checked and built on the first send (nodemailer is loaded then). A bad URL is kept and reported
  // on every send rather than falling back to "no transport": that would silently turn a mistyped
  // URL into email changes that apply without verification.
  const transport = once(async () => {
    if (url === UNREADABLE) throw new Error('the sealed smtp_url setting does not open with this data key');
    if (!/^smtps?:\/\//i.test(url)) throw new Error('it must start with smtp:// or smtps://');
    return (await loadNodemailer()).createTransport({ url, ...SMTP_TIMEOUTS });
  });
  return {
    kind: 'smtp',
    async send(message: MailMessage) {
      let smtp: Transporter;
      try {
        smtp = await transport();
      } catch (error) {
        throw new Error(`the SMTP URL is not usable (${(error as Error).message})`, { cause: error });
      }
      await smtp.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

function fileMailer(dir: string, from: string, log: Logger): Mailer {
  // nodemailer composes the RFC 5322 message (headers, encoding); we only store it.
  const composer = once(async () =>
    (await loadNodemailer()).createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
  );
  let sequence = 0;
  let checked = false;
  // security.md 24: old messages carry verification codes; a folder made 0755 by hand, or files
  // copied in with 0644, are made private once, on first use of the folder, and that is logged.
  const ensurePrivate = () => {
    // Every time: the folder may have been removed while the server runs (it is re-made, 0700).
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (checked) return;
    const mails = readdirSync(dir).filter((name) => name.endsWith('.eml'));
    const line = repairLine(makePrivate(dir, mails));
    if (line) log(`mail: ${line}`);
    checked = true;
  };
  return {
    kind: 'file',
    async send(message: MailMessage) {
      const info = (await (
        await composer()
      ).sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      })) as {
        message: Buffer;
      };
      ensurePrivate();
      // Sortable by time of sending; the random part keeps two servers sharing a directory apart.
      // Wall-clock time is fine here: it names a file and decides nothing.
      const name = `${Date.now()}-${String(++sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;
      // 0600: a message may carry a verification code.
      await writeFile(path.join(dir, name), info.message, { mode: 0o600, flag: 'wx' });
    },
  };
}

export interface MailerSourceOptions {
  settings: SettingsRepo;
  /** Opens the sealed `smtp_url` setting. */
  dataKey: Pick<DataKeyProvider, 'getKey'>;
  dataDir: string;
  log: Logger;
  env?: Env;
}

/**
 * Chooses the mail transport per use, so a staff user can configure SMTP while the server runs:
 * SMTP through nodemailer when `USERDESK_SMTP_URL` or the `smtp_url` setting names a server, else
 * the file transport when `USERDESK_MAIL_DIR` is set (relative to the data dir), else null — and
 * then email changes apply at once (users-api.md §3). The transport is rebuilt only when its
 * configuration changes. Nothing here logs the SMTP URL: it may carry a password.
 */
export function createMailerSource(options: MailerSourceOptions): () => Mailer | null {
  const { settings, dataKey, dataDir, log, env = process.env } = options;
  let cached: { key: string; mailer: Mailer } | undefined;
  const settingUrl = (): string | undefined => {
    try {
      return readSetting(settings, dataKey, SMTP_URL_SETTING)?.trim();
    } catch {
      // Sealed under another key, or written by hand unsealed: an SMTP transport that fails
      // visibly, never "no mail" (that would apply email changes without verification).
      return UNREADABLE;
    }
  };
  return () => {
    const smtpUrl = env[SMTP_URL_ENV]?.trim() || settingUrl();
    const mailDir = env[MAIL_DIR_ENV]?.trim();
    const from = env[MAIL_FROM_ENV]?.trim() || settings.get(MAIL_FROM_SETTING)?.trim() || DEFAULT_MAIL_FROM;
    const dir = mailDir ? path.resolve(dataDir, mailDir) : '';
    const key = smtpUrl ? `smtp\n${smtpUrl}\n${from}` : dir ? `file\n${dir}\n${from}` : '';
    if (!key) {
      cached = undefined;
      return null;
    }
    if (cached?.key !== key) {
      cached = { key, mailer: smtpUrl ? smtpMailer(smtpUrl, from) : fileMailer(dir, from, log) };
    }
    return cached.mailer;
  };
}
