// `isobar-server users add|list|delete|passwd|verify --home DIR`: offline edits of `<home>/users.json` through
// core's UserStore. A running server notices the change and reloads the file.
import type { UserRole } from '@isobar/protocol';
import { createUserStore, type UserInfo, type UserStore } from '@isobar/core';
import { EXIT } from './launcher-errors.js';
import { readPassword, type PasswordSource } from './read-password.js';

/** One users command, as parsed from the command line. */
export type UsersCommand =
  | { readonly action: 'list'; readonly json: boolean }
  | ({
      readonly action: 'add';
      readonly user: string;
      readonly roles: readonly UserRole[];
      readonly suites?: readonly string[];
    } & PasswordSource)
  | { readonly action: 'delete'; readonly user: string }
  | ({ readonly action: 'passwd' | 'verify'; readonly user: string } & PasswordSource);

/** Where the command's output goes. */
export interface UsersOutput {
  out(line: string): void;
}

function describe(info: UserInfo): string {
  const suites = info.suites === undefined ? 'all suites' : `suites ${info.suites.join(',')}`;
  return `${info.user}\t${info.roles.join(',')}\t${suites}`;
}

async function run(store: UserStore, command: UsersCommand, output: UsersOutput): Promise<number> {
  switch (command.action) {
    case 'list': {
      const users = store.list();
      if (command.json) output.out(JSON.stringify(users));
      else for (const info of users) output.out(describe(info));
      return EXIT.ok;
    }
    case 'add': {
      const password = await readPassword({ ...command, confirm: true });
      const info = await store.add({ user: command.user, password, roles: command.roles, suites: command.suites });
      output.out(`added ${describe(info)}`);
      return EXIT.ok;
    }
    case 'delete':
      await store.delete(command.user);
      output.out(`deleted ${command.user}`);
      return EXIT.ok;
    case 'passwd':
      await store.passwd(command.user, await readPassword({ ...command, confirm: true }));
      output.out(`password of ${command.user} changed`);
      return EXIT.ok;
    case 'verify': {
      const ok = (await store.verify(command.user, await readPassword(command))) !== undefined;
      output.out(ok ? `${command.user}: password ok` : `${command.user}: wrong user name or password`);
      return ok ? EXIT.ok : EXIT.failure;
    }
  }
}

/**
 * Runs one users command on the users file of `home` and returns the exit code (`verify` answers 1 for a
 * wrong password).
 *
 * @throws IsobarError from the store: `ALREADY_EXISTS`, `NOT_FOUND`, `INVALID_ARGUMENT` naming the field,
 *   `CORRUPT_FILE`.
 */
export async function runUsersCommand(home: string, command: UsersCommand, output: UsersOutput): Promise<number> {
  const store = await createUserStore({ home, watch: false });
  try {
    return await run(store, command, output);
  } finally {
    store.close();
  }
}
