/** Kept in step with package.json by hand; read at runtime without touching the file system. */
export const VERSION = '0.1.0';
