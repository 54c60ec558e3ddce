// Questions on the terminal: confirmation of destructive commands and password entry. Without a terminal the
// CLI never waits for an answer that cannot come: confirmations need --yes, passwords come from stdin.
import { createInterface } from 'node:readline';
import { CliError, CliUsageError } from './errors.js';
import type { CliIo } from './io.js';

function ask(io: CliIo, question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: process.stderr, terminal: io.stdinIsTty });
    if (hidden && io.stdinIsTty) {
      // Echo nothing but the question while the password is typed.
      const writable = rl as unknown as { _writeToOutput: (text: string) => void };
      writable._writeToOutput = (text: string) => {
        if (text.includes(question)) io.stderr.write(text);
      };
    }
    rl.question(question, (answer) => {
      // Resolve before close: the close listener below would otherwise settle the promise with ''.
      resolve(answer);
      rl.close();
      if (hidden && io.stdinIsTty) io.stderr.write('\n');
    });
    rl.on('close', () => resolve(''));
  });
}

/**
 * Asks `question` (y/N) before a destructive command. `--yes` skips the question; without a terminal and
 * without `--yes` this is a usage error, never a silent yes.
 */
export async function confirm(io: CliIo, question: string, yes: boolean | undefined): Promise<void> {
  if (yes === true) return;
  if (!io.stdinIsTty || !io.stderrIsTty) {
    throw new CliUsageError(`${question.replace(/\?$/, '')}: confirmation needed; pass --yes (no terminal to ask on)`);
  }
  const answer = await ask(io, `${question} [y/N] `, false);
  if (!/^y(es)?$/i.test(answer.trim()))
    throw new CliError('cancelled: nothing was changed', { details: { cancelled: true } });
}

/** Reads a secret: hidden prompt on a terminal, else the first line of stdin. */
export async function readSecret(io: CliIo, label: string): Promise<string> {
  if (io.stdinIsTty) return ask(io, `${label}: `, true);
  let text = '';
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new CliUsageError(`${label} needed: pass it as a flag or on stdin`);
  return line;
}
