// `isobar alter ACTION …`: ecflow_client --alter as a subcommand. Arguments starting with "/" are node paths;
// the others are TYPE then NAME and/or VALUE, in ecflow_client's order.
import { defineCommand, flag, requiredString, stringList } from '../define-command.js';
import { CliUsageError } from '../errors.js';

const ACTIONS = ['add', 'change', 'delete', 'set_flag', 'clear_flag', 'sort'] as const;
// Attribute types whose single non-path word is a name rather than a value.
const NAMED_TYPES = new Set([
  'variable',
  'event',
  'meter',
  'label',
  'limit',
  'inlimit',
  'limit_max',
  'limit_value',
  'queue',
  'generic',
  'aviso',
  'mirror',
]);

/** The `alter` RPC arguments built from the command line. */
export function parseAlterWords(action: string, words: readonly string[]): Record<string, unknown> {
  const paths = words.filter((word) => word.startsWith('/'));
  const rest = words.filter((word) => !word.startsWith('/'));
  if (paths.length === 0) throw new CliUsageError('alter needs at least one node path (/ for server variables)');
  if (action === 'set_flag' || action === 'clear_flag') {
    if (rest.length !== 1) throw new CliUsageError(`alter ${action} FLAG PATH…`);
    return { action, paths, flag: rest[0] };
  }
  const [type, ...values] = rest;
  if (type === undefined)
    throw new CliUsageError(`alter ${action} TYPE … PATH… (e.g. alter ${action} variable NAME VALUE /s)`);
  if (action === 'sort') return { action, paths, type };
  if (values.length > 2)
    throw new CliUsageError(
      `too many words for alter ${action} ${type}: ${values.join(' ')} (quote values with spaces)`,
    );
  const [first, second] = values;
  if (second !== undefined) return { action, paths, type, name: first, value: second };
  if (first === undefined) return { action, paths, type };
  return NAMED_TYPES.has(type) && action !== 'change'
    ? { action, paths, type, name: first }
    : { action, paths, type, value: first };
}

/** `alter`. */
export const ALTER_COMMAND = defineCommand({
  command: 'alter <action> <words..>',
  describe: 'Add, change, delete, flag or sort attributes (ecflow_client --alter)',
  builder: (y) =>
    y
      .positional('action', { choices: ACTIONS })
      .positional('words', { type: 'string', array: true, describe: 'TYPE [NAME] [VALUE] PATH…' })
      .option('min', { type: 'number', describe: 'Meter minimum (alter add meter)' })
      .option('max', { type: 'number', describe: 'Meter maximum (alter add meter)' })
      .option('recursive', { type: 'boolean', describe: 'With sort: the whole subtree' }),
  examples: [
    ['isobar alter change variable FOO bar /s/t', 'set variable FOO of /s/t to bar'],
    ['isobar alter add event ready /s/t', 'add event ready to /s/t'],
    ['isobar alter change trigger "a == complete" /s/t', 'replace the trigger of /s/t'],
    ['isobar alter set_flag late /s/t', 'set the late flag'],
  ],
  async run(args, context) {
    const action = requiredString(args, 'action');
    const call = parseAlterWords(action, stringList(args, 'words'));
    if (typeof args['min'] === 'number') call['min'] = args['min'];
    if (typeof args['max'] === 'number') call['max'] = args['max'];
    if (action === 'sort' && flag(args, 'recursive')) call['recursive'] = true;
    const result = await context.client().call('alter', call);
    context.out.result(result, () => `altered ${(call['paths'] as string[]).join(' ')}`);
  },
});
