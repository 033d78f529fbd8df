import type { Deps } from '../domain/deps.js';
import { displaySetting, putSetting, readSetting, SETTINGS } from '../domain/settings-store.js';
import { readLine } from './password-input.js';
import { UsageError } from './usage.js';

type Print = (human: string, data: unknown) => void;

function specOf(name: string | undefined) {
  if (!name) throw new UsageError('Usage: userdesk settings get|set NAME [VALUE|--value-stdin]');
  const spec = SETTINGS[name];
  if (!spec) throw new UsageError(`Unknown setting ${name} (known: ${Object.keys(SETTINGS).join(', ')}).`);
  return spec;
}

/**
 * `userdesk settings list | get NAME | set NAME VALUE|--value-stdin`. Secret settings (`smtp_url`)
 * are sealed under the data key and shown back only as scheme://host:port; `--value-stdin` keeps
 * an SMTP password out of `ps` and the shell history.
 */
export async function runSettingsCommand(
  deps: Pick<Deps, 'repos' | 'dataKey'>,
  words: string[],
  flags: Record<string, string | boolean | undefined>,
  print: Print,
): Promise<void> {
  const [, action, name, value, extra] = words;
  const shown = (n: string) => displaySetting(n, readSetting(deps.repos.settings, deps.dataKey, n));
  if (action === 'list' && name === undefined) {
    const rows = Object.entries(SETTINGS).map(([n, spec]) => ({
      name: n,
      value: shown(n),
      secret: spec.secret,
    }));
    print(rows.map((r) => `${r.name} = ${r.value}`).join('\n'), rows);
  } else if (action === 'get' && value === undefined) {
    const spec = specOf(name);
    const text = shown(name);
    print(text, { name, value: text, secret: spec.secret });
  } else if (action === 'set' && extra === undefined) {
    const spec = specOf(name);
    const fromStdin = flags['value-stdin'] === true;
    if (fromStdin === (value !== undefined))
      throw new UsageError(`Usage: userdesk settings set ${name} VALUE (or --value-stdin)`);
    const text = (fromStdin ? await readLine(process.stdin) : value).trim();
    // The message never repeats the value: it may be a URL with a password in it.
    const problem = spec.check(text);
    if (problem) throw new UsageError(`${problem}.`);
    putSetting(deps.repos.settings, deps.dataKey, name, text);
    const display = shown(name);
    print(`${name} = ${display}`, { name, value: display, secret: spec.secret });
  } else {
    throw new UsageError('Usage: userdesk settings list | get NAME | set NAME VALUE|--value-stdin');
  }
}
