/**
 * Plain numbers both sides need, kept free of zod so importing one does not pull the schema
 * library into the window's bundle.
 */

/** Warn about running out of backup codes at this many or fewer (security.md 10, Kratos #1649). */
export const BACKUP_CODES_LOW = 3;
