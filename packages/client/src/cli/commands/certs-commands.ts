// `isobar certs ca|issue`: a local CA and the certificates it signs, written as PEM files (keys 0600).
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  defineCommand,
  flag,
  optionalString,
  requiredString,
  stringList,
  type CommandArgs,
} from '../define-command.js';
import { CliError, CliUsageError } from '../errors.js';

/** A file name stem from a certificate name: `My Server` → `my-server`. */
function stem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'cert'
  );
}

async function writePair(
  args: CommandArgs,
  base: string,
  pair: { cert: string; key: string },
): Promise<{ cert: string; key: string }> {
  const dir = optionalString(args, 'out') ?? '.';
  const files = { cert: join(dir, `${base}.crt`), key: join(dir, `${base}.key`) };
  const mode = flag(args, 'force') ? 'w' : 'wx';
  try {
    await writeFile(files.key, pair.key, { mode: 0o600, flag: mode });
    await chmod(files.key, 0o600);
    await writeFile(files.cert, pair.cert, { mode: 0o644, flag: mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${files.key} or ${files.cert} exists; pass --force to overwrite`);
    throw new CliError(`cannot write ${dir}: ${(error as Error).message}`);
  }
  return files;
}

function splitNames(args: CommandArgs): string[] {
  return stringList(args, 'alt-names')
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

const ca = defineCommand({
  command: 'ca',
  describe: 'Create a CA (basicConstraints CA:TRUE, keyCertSign)',
  builder: (y) =>
    y
      .option('name', { type: 'string', demandOption: true, describe: 'Common name of the CA' })
      .option('out', { type: 'string', describe: 'Directory for <stem>.crt and <stem>.key (default .)' })
      .option('file', { type: 'string', describe: 'File name stem (default: ca)' })
      .option('days', { type: 'number', default: 3650, describe: 'Validity in days' })
      .option('force', { type: 'boolean', describe: 'Overwrite existing files' }),
  examples: [['isobar certs ca --name "Isobar CA" --out tls', 'writes tls/ca.crt and tls/ca.key']],
  async run(args, context) {
    const { createLocalCa } = await import('../../certs/index.js');
    const days = Number(args['days']);
    const made = await createLocalCa(requiredString(args, 'name'), days);
    const files = await writePair(args, optionalString(args, 'file') ?? 'ca', made);
    context.out.result(
      { ...files, name: requiredString(args, 'name'), days },
      () => `wrote ${files.cert} and ${files.key}`,
    );
  },
});

const issue = defineCommand({
  command: 'issue',
  describe: 'Issue a server (default) or client certificate signed by a CA',
  builder: (y) =>
    y
      .option('name', { type: 'string', demandOption: true, describe: 'Common name' })
      .option('alt-names', {
        type: 'string',
        array: true,
        describe: 'DNS names and IP addresses (comma or space separated)',
      })
      .option('client', { type: 'boolean', describe: 'A client certificate (clientAuth) instead of serverAuth' })
      .option('ca-cert', { type: 'string', default: 'ca.crt', describe: 'CA certificate (PEM)' })
      .option('ca-key', { type: 'string', default: 'ca.key', describe: 'CA private key (PEM)' })
      .option('out', { type: 'string', describe: 'Directory for the files (default .)' })
      .option('file', { type: 'string', describe: 'File name stem (default: from --name)' })
      .option('days', { type: 'number', default: 825, describe: 'Validity in days' })
      .option('force', { type: 'boolean', describe: 'Overwrite existing files' }),
  examples: [
    [
      'isobar certs issue --name server --alt-names localhost,127.0.0.1 --ca-cert tls/ca.crt --ca-key tls/ca.key --out tls',
      'a server certificate',
    ],
    ['isobar certs issue --name ops --client', 'a client certificate for mutual TLS'],
  ],
  async run(args, context) {
    const certs = await import('../../certs/index.js');
    const name = requiredString(args, 'name');
    const altNames = splitNames(args);
    const client = flag(args, 'client');
    if (!client && altNames.length === 0)
      throw new CliUsageError('a server certificate needs --alt-names (host names, IPs)');
    const [caCert, caKey] = await Promise.all(
      ['ca-cert', 'ca-key'].map((option) =>
        readFile(requiredString(args, option), 'utf8').catch((error: Error) => {
          throw new CliError(`cannot read --${option}: ${error.message}`);
        }),
      ),
    );
    const authority = await certs.loadLocalCa(caCert ?? '', caKey ?? '');
    const options = { commonName: name, altNames, days: Number(args['days']) };
    const pair = client
      ? await certs.issueClientCertificate(authority, options)
      : await certs.issueServerCertificate(authority, options);
    const files = await writePair(args, optionalString(args, 'file') ?? stem(name), pair);
    const value = { ...files, name, altNames, usage: client ? 'clientAuth' : 'serverAuth' };
    context.out.result(
      value,
      () => `wrote ${files.cert} and ${files.key} (${value.usage}${altNames.length ? `, ${altNames.join(', ')}` : ''})`,
    );
  },
});

/** `certs`. */
export const CERTS_COMMAND = defineCommand({
  command: 'certs',
  describe: 'Make a local CA and TLS certificates',
  examples: [['isobar certs ca --name "My CA"', 'ca.crt + ca.key in the current directory']],
  subcommands: [ca, issue],
});
