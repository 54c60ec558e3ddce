// `isobar users add|list|delete|passwd|verify` through the server (admins only).
import type { CommandContext } from '../context.js';
import { defineCommand, requiredString, stringList, type CommandArgs } from '../define-command.js';
import { CliExit } from '../errors.js';
import { formatTable } from '../output/table.js';
import { readSecret } from '../prompt.js';

interface UserInfo {
  user: string;
  roles: string[];
  suites?: string[];
}

async function secretOf(args: CommandArgs, context: CommandContext, label: string): Promise<string> {
  const given = args['user-password'];
  return typeof given === 'string' ? given : readSecret(context.io, label);
}

const PASSWORD_OPTION = {
  type: 'string',
  describe: 'The user’s password (else asked on the terminal, or read from stdin)',
} as const;

const add = defineCommand({
  command: 'add <name>',
  describe: 'Create a user',
  builder: (y) =>
    y
      .positional('name', { type: 'string', describe: 'User name' })
      .option('role', { choices: ['viewer', 'operator', 'admin'] as const, array: true, default: ['viewer'] })
      .option('suites', { type: 'string', array: true, describe: 'Suites the user may act on (default: all)' })
      .option('user-password', PASSWORD_OPTION),
  examples: [['isobar users add ops --role operator --suites s1 s2', 'an operator of two suites (asks the password)']],
  async run(args, context) {
    const user = requiredString(args, 'name');
    const password = await secretOf(args, context, `password for ${user}`);
    const suites = stringList(args, 'suites');
    const call = { user, password, roles: stringList(args, 'role'), ...(suites.length ? { suites } : {}) };
    const result = await context.client().call<UserInfo>('users.add', call);
    context.out.result(result, () => `added ${result.user} (${result.roles.join(', ')})`);
  },
});

const list = defineCommand({
  command: 'list',
  describe: 'List users with roles and suites',
  examples: [['isobar users list', 'a table of users']],
  async run(_args, context) {
    const result = await context.client().call<{ users: UserInfo[] }>('users.list');
    context.out.result(result, () =>
      formatTable(
        ['USER', 'ROLES', 'SUITES'],
        result.users.map((u) => [u.user, u.roles.join(','), u.suites?.join(',') ?? '(all)']),
      ),
    );
  },
});

const remove = defineCommand({
  command: 'delete <name>',
  describe: 'Delete a user and end its sessions',
  destructive: true,
  builder: (y) => y.positional('name', { type: 'string', describe: 'User name' }),
  examples: [['isobar users delete ops --yes', 'delete user ops']],
  async run(args, context) {
    const user = requiredString(args, 'name');
    await context.confirm(`delete user ${user}?`);
    const result = await context.client().call('users.delete', { user });
    context.out.result(result, () => `deleted ${user}`);
  },
});

const passwd = defineCommand({
  command: 'passwd <name>',
  describe: 'Set a user’s password',
  builder: (y) => y.positional('name', { type: 'string' }).option('user-password', PASSWORD_OPTION),
  examples: [['echo "$NEW" | isobar users passwd ops', 'new password from stdin']],
  async run(args, context) {
    const user = requiredString(args, 'name');
    const password = await secretOf(args, context, `new password for ${user}`);
    const result = await context.client().call('users.passwd', { user, password });
    context.out.result(result, () => `password of ${user} changed`);
  },
});

const verify = defineCommand({
  command: 'verify <name>',
  describe: 'Check a user’s password (exit 1 when wrong)',
  builder: (y) => y.positional('name', { type: 'string' }).option('user-password', PASSWORD_OPTION),
  examples: [['isobar users verify ops --user-password secret', 'prints valid or invalid']],
  async run(args, context) {
    const user = requiredString(args, 'name');
    const password = await secretOf(args, context, `password of ${user}`);
    const result = await context.client().call<{ valid: boolean }>('users.verify', { user, password });
    context.out.result(result, () => `${user}: ${result.valid ? 'valid' : 'invalid'} password`);
    if (!result.valid) throw new CliExit(1);
  },
});

/** `users`. */
export const USERS_COMMAND = defineCommand({
  command: 'users',
  describe: 'Manage users through the server (admins)',
  examples: [['isobar users list', 'every user']],
  subcommands: [add, list, remove, passwd, verify],
});
