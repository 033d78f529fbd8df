/** Dates as people read them: "3 minutes ago", with the exact time on hover. */
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
});

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

function toDate(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatRelative(value: string | number | null | undefined, now = Date.now()): string {
  const date = toDate(value);
  if (!date) return 'Never';
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

export function formatDateTime(value: string | number | null | undefined): string {
  const date = toDate(value);
  return date ? absolute.format(date) : '—';
}

export function formatDay(value: string | number | null | undefined): string {
  const date = toDate(value);
  return date ? dayFormat.format(date) : '';
}

export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}:${String(s % 60).padStart(2, '0')}` : `${s}s`;
}

/** "JBSW Y3DP EHPK 3PXP" — a TOTP key in groups of four for reading and typing (security.md 5). */
export function groupKey(secret: string, size = 4): string[] {
  const groups: string[] = [];
  for (let i = 0; i < secret.length; i += size) groups.push(secret.slice(i, i + size));
  return groups;
}

export function displayName(user: { first_name: string; last_name: string; email: string }): string {
  const name = `${user.first_name} ${user.last_name}`.trim();
  return name || user.email;
}

export function initials(user: { first_name: string; last_name: string; email: string }): string {
  const first = user.first_name.trim()[0] ?? '';
  const last = user.last_name.trim()[0] ?? '';
  return (first + last || user.email[0] || '?').toUpperCase();
}
