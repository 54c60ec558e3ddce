// Where a password for `users add|passwd|verify` comes from: `--password`, `--password-stdin`, or a prompt
// that does not echo when stdin is a terminal. Never from anything else, and never echoed.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { usageError } from './launcher-errors.js';

/** The password flags of a users command. */
export interface PasswordSource {
  readonly password?: string;
  readonly passwordStdin?: boolean;
  /** Ask twice on a terminal (new passwords). */
  readonly confirm?: boolean;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

function promptHidden(question: string): Promise<string> {
  // Output goes to a sink so the typed characters are not echoed; the question itself goes to stderr.
  const muted = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * Reads the password from the source the flags name.
 *
 * @throws IsobarError `INVALID_ARGUMENT` when no source is given (and stdin is not a terminal), when both
 *   flags are given, or when the two entries at a prompt differ.
 */
export async function readPassword(source: PasswordSource): Promise<string> {
  if (source.password !== undefined && source.passwordStdin === true) {
    throw usageError('--password and --password-stdin: give only one', { field: '--password' });
  }
  if (source.password !== undefined) return source.password;
  if (source.passwordStdin === true) return (await readAll(process.stdin)).replace(/\r?\n$/, '');
  if (process.stdin.isTTY !== true) {
    throw usageError('a password is needed: give --password, --password-stdin, or run on a terminal', {
      field: '--password',
    });
  }
  const first = await promptHidden('Password: ');
  if (source.confirm === true && (await promptHidden('Password (again): ')) !== first) {
    throw usageError('the two passwords differ', { field: '--password' });
  }
  return first;
}
