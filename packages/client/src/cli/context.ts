// What a command handler gets: its flags, the process streams, output, and a lazily opened connection that
// reads the credentials file (the CLI entry point's job, never the library's).
import { connect, type CliClient } from './connect.js';
import { readStoredCredentials, updateStoredCredentials } from './credentials.js';
import type { CliIo } from './io.js';
import { createOutput, type Output } from './output/output.js';
import { confirm } from './prompt.js';
import { resolveConnectionSettings, type ConnectionSettings, type GlobalFlags } from './settings.js';

/** The context of one command run. */
export interface CommandContext {
  readonly flags: GlobalFlags;
  readonly io: CliIo;
  readonly out: Output;
  /** Server URL, credentials and TLS settings of this run. */
  settings(): ConnectionSettings;
  /** The connection (opened on first use, closed after the command). */
  client(): CliClient;
  /** Asks before a destructive action; throws a usage error without a terminal unless --yes. */
  confirm(question: string): Promise<void>;
  /** Closes what the command opened. */
  close(): void;
}

/** Creates the {@link CommandContext} of a command run. */
export function createContext(flags: GlobalFlags, io: CliIo): CommandContext {
  let settings: ConnectionSettings | undefined;
  let client: CliClient | undefined;
  const resolve = (): ConnectionSettings =>
    (settings ??= resolveConnectionSettings(flags, io.env, (url) => readStoredCredentials(io.env, url)));
  return {
    flags,
    io,
    out: createOutput(io, flags.json === true),
    settings: resolve,
    client() {
      if (client !== undefined) return client;
      const current = resolve();
      client = connect(current, {
        onRenewedToken: (result) => {
          if (current.authSource !== 'credentials file') return;
          updateStoredCredentials(io.env, current.url, { token: result.token, expiresAt: result.expiresAt });
        },
      });
      return client;
    },
    confirm: (question) => confirm(io, question, flags.yes),
    close() {
      client?.close();
      client = undefined;
    },
  };
}
