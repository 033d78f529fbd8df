/** Bad command-line input: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {}

export const USAGE = `Usage: userdesk <command> [options]

Commands:
  serve [--port N] [--host H] [--allow-remote]   run the local server (default 127.0.0.1:8765)
  users create --email E [--password-stdin] [--first-name F] [--last-name L] [--staff]
                 the password: one line on stdin with --password-stdin, else asked on the terminal
                 (--password P also works, but leaves it in ps and the shell history)
  users list
  users show EMAIL|UUID
  users disable-2fa EMAIL|UUID                   remove a lost authenticator (and its backup codes)
  keys create --email E --label L --scopes user:read,user:write
  keys list --email E
  keys revoke ID
  settings list | get NAME                      smtp_url, mail_from, signup_allowed, activity_retention_days
                                                 (smtp_url shown as scheme://host:port only: it is sealed)
  settings set NAME VALUE|--value-stdin
  export --email E [--out FILE] [--force]        one user's data as JSON (no secret)
  export --all [--format json|csv] [--out FILE]  every user, one row each (no secret)
  backup FILE                                    copy the database, consistent while serving
  restore FILE                                   replace the database (server must be stopped)

Every command takes --data-dir D (else USERDESK_DATA_DIR, else the app's data folder) and --json.`;
