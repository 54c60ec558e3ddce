// Every command of the `isobar` CLI, in the order --help lists them.
import type { CommandSpec } from '../define-command.js';
import { ALTER_COMMAND } from './alter-command.js';
import { CERTS_COMMAND } from './certs-commands.js';
import { CHILD_COMMAND } from './child-commands.js';
import { DEFINITION_COMMANDS } from './definition-commands.js';
import { JOB_COMMANDS } from './job-commands.js';
import { LOAD_COMMAND } from './load-command.js';
import { NODE_COMMANDS } from './node-commands.js';
import { SELFTEST_COMMAND } from './selftest-command.js';
import { SERVER_COMMANDS } from './server-commands.js';
import { SESSION_COMMANDS } from './session-commands.js';
import { TREE_COMMANDS } from './tree-commands.js';
import { USERS_COMMAND } from './users-commands.js';
import { ZOMBIES_COMMAND } from './zombie-commands.js';

/** All commands. */
export const ALL_COMMANDS: readonly CommandSpec[] = [
  ...SESSION_COMMANDS,
  LOAD_COMMAND,
  ...DEFINITION_COMMANDS,
  ...TREE_COMMANDS,
  ...NODE_COMMANDS,
  ALTER_COMMAND,
  ...JOB_COMMANDS,
  ...SERVER_COMMANDS,
  ZOMBIES_COMMAND,
  USERS_COMMAND,
  CERTS_COMMAND,
  SELFTEST_COMMAND,
  CHILD_COMMAND,
];
