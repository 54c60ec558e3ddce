// `isobar zombies [list]`, `isobar zombies fob|fail|adopt|block|remove|kill PATH…`.
import { defineCommand, nodePaths } from '../define-command.js';
import { formatTable } from '../output/table.js';
import { pathsBuilder } from './command-helpers.js';

interface Zombie {
  path: string;
  type: string;
  command: string;
  tryNo: number;
  calls: number;
  lastAt: string;
  reason?: string;
}

const list = defineCommand({
  command: 'list',
  describe: 'List the zombies (the default)',
  examples: [['isobar zombies', 'table of zombies']],
  async run(_args, context) {
    const result = await context.client().call<{ zombies: Zombie[] }>('zombies');
    context.out.result(result, () =>
      result.zombies.length === 0
        ? 'no zombies'
        : formatTable(
            ['PATH', 'TYPE', 'COMMAND', 'TRY', 'CALLS', 'LAST', 'REASON'],
            result.zombies.map((z) => [
              z.path,
              z.type,
              z.command,
              String(z.tryNo),
              String(z.calls),
              z.lastAt,
              z.reason ?? '',
            ]),
          ),
    );
  },
});

const ACTIONS = {
  fob: 'Answer their child commands with success and ignore them',
  fail: 'Answer their child commands with an error',
  adopt: 'Accept the zombie as the real job',
  block: 'Keep their child commands waiting',
  remove: 'Forget the zombies',
  kill: 'Kill the zombie jobs (ECF_KILL_CMD)',
} as const;

const actions = Object.entries(ACTIONS).map(([action, describe]) =>
  defineCommand({
    command: `${action} <paths..>`,
    describe,
    builder: pathsBuilder,
    examples: [[`isobar zombies ${action} /s/t`, describe.toLowerCase()]],
    async run(args, context) {
      const paths = nodePaths(args);
      const result = await context.client().call<{ affected: number }>(`zombies.${action}`, { paths });
      context.out.result(result, () => `${action}: ${result.affected} zombie(s)`);
    },
  }),
);

/** `zombies`. */
export const ZOMBIES_COMMAND = defineCommand({
  command: 'zombies',
  describe: 'List zombies, or fob|fail|adopt|block|remove|kill them',
  builder: (y) => y,
  examples: [
    ['isobar zombies list', 'the zombie table'],
    ['isobar zombies adopt /s/t', 'adopt the zombie of /s/t'],
  ],
  subcommands: [list, ...actions],
  run: list.run,
});
