import { UsageError } from './usage.js';

/** The parts of a TTY stream the prompt uses (a fake one in unit tests). */
export interface PromptInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * security.md 31: where a command's password comes from. `--password P` still works (scripts), but
 * `--password-stdin` keeps it out of `ps` and the shell history, and on a terminal with neither the
 * user is asked without echo. Without a terminal and without either flag there is nobody to ask.
 */
export async function passwordFrom(
  flags: Record<string, string | boolean | undefined>,
  input: PromptInput = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  const given = typeof flags.password === 'string';
  if (given && flags['password-stdin'] === true)
    throw new UsageError('Pass the password with --password or --password-stdin, not both.');
  if (given) {
    if (flags.password === '') throw new UsageError('The password is empty.');
    return flags.password as string;
  }
  if (flags['password-stdin'] === true) {
    const line = await readLine(input);
    if (line === '') throw new UsageError('The password read from standard input is empty.');
    return line;
  }
  if (input.isTTY && typeof input.setRawMode === 'function') {
    const typed = await promptHidden('Password: ', input, output);
    if (typed === '') throw new UsageError('The password is empty.');
    return typed;
  }
  throw new UsageError(
    'Missing --password-stdin (the password as one line on standard input): there is no terminal to ask on.',
  );
}

/** The first line of `input` (without its \n or \r\n), or all of it when it has no newline. */
export function readLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = () => {
      input.off('data', onData);
      input.off('end', finish);
      input.off('error', reject);
      input.pause();
      resolve(text.split('\n')[0].replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
    };
    input.on('data', onData);
    input.once('end', finish);
    input.once('error', reject);
    input.resume();
  });
}

/**
 * Asks for a secret on a terminal without echoing it: raw mode, characters collected by hand
 * (Enter ends, Backspace deletes, Ctrl-C / Ctrl-D abort), the terminal restored in every case.
 */
export function promptHidden(
  question: string,
  input: PromptInput,
  output: NodeJS.WritableStream,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    output.write(question);
    input.setRawMode?.(true);
    const done = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003' || char === '\u0004') return done(new UsageError('Cancelled.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
