import type { AvisoAttr, GenericAttr, MirrorAttr, QueueAttr, ZombieAttr } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { listValues } from './parse-basic-attributes.js';
import { commentText } from './state-comment.js';
import { isValidName, parseInteger } from './tokenize.js';

const ZOMBIE_TYPES = ['ecf', 'ecf_pid', 'ecf_passwd', 'ecf_pid_passwd', 'user', 'path'];
const ZOMBIE_ACTIONS = ['fob', 'fail', 'remove', 'adopt', 'block', 'kill'];
const CHILD_COMMANDS = ['init', 'event', 'meter', 'label', 'wait', 'queue', 'abort', 'complete'];

/** `zombie type:action:child_cmds:lifetime`. */
export function parseZombie(ctx: ParseContext): ZombieAttr {
  const expected = 'zombie type:[action]:[child,...]:[lifetime]';
  const parts = ctx.token(1).split(':');
  if (ctx.count !== 2 || parts.length !== 4) throw ctx.fail(`invalid zombie '${ctx.token(1)}'`, expected, 1);
  const [type = '', action = '', children = '', lifetimeText = ''] = parts;
  if (!ZOMBIE_TYPES.includes(type)) throw ctx.fail(`invalid zombie type '${type}'`, ZOMBIE_TYPES.join('|'), 1);
  if (action !== '' && !ZOMBIE_ACTIONS.includes(action)) {
    throw ctx.fail(`invalid zombie action '${action}'`, ZOMBIE_ACTIONS.join('|'), 1);
  }
  const childCommands = children === '' ? [] : children.split(',');
  for (const child of childCommands) {
    if (!CHILD_COMMANDS.includes(child))
      throw ctx.fail(`invalid child command '${child}'`, CHILD_COMMANDS.join('|'), 1);
  }
  const lifetime = lifetimeText === '' ? undefined : parseInteger(lifetimeText);
  if (lifetimeText !== '' && (lifetime === undefined || lifetime < 0)) {
    throw ctx.fail(`invalid zombie lifetime '${lifetimeText}'`, expected, 1);
  }
  return { type, action, childCommands, lifetime };
}

/** `queue NAME v1 v2 ...`. */
export function parseQueue(ctx: ParseContext): QueueAttr {
  const name = ctx.token(1);
  if (!isValidName(name)) throw ctx.fail(`invalid queue name '${name}'`, 'queue NAME v1 v2 ...', 1);
  const values = listValues(ctx, 2);
  if (values.length === 0) throw ctx.fail('queue needs at least one value', 'queue NAME v1 v2 ...', 2);
  return { name, values, state: ctx.persist ? commentText(ctx) : undefined };
}

/** `generic NAME v1 v2 ...`. */
export function parseGeneric(ctx: ParseContext): GenericAttr {
  const name = ctx.token(1);
  if (!isValidName(name)) throw ctx.fail(`invalid generic name '${name}'`, 'generic NAME v1 v2 ...', 1);
  return { name, values: listValues(ctx, 2) };
}

/** Reads `--option value` pairs; a value in single quotes may span tokens (the aviso listener JSON). */
function readOptions(ctx: ParseContext, flags: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  let i = 1;
  while (i < ctx.size) {
    const option = ctx.token(i);
    if (option.charCodeAt(0) === 35) break;
    if (!option.startsWith('--')) throw ctx.fail(`unexpected '${option}'`, '--option value', i);
    if (options.has(option)) throw ctx.fail(`repeated option '${option}'`, '--option value', i);
    if (flags.includes(option)) {
      options.set(option, '');
      i++;
      continue;
    }
    let value = ctx.token(i + 1);
    i += 2;
    if (value.charCodeAt(0) === 39 && (value.length === 1 || !value.endsWith("'"))) {
      while (i < ctx.size && !value.endsWith("'")) value += ' ' + ctx.token(i++);
    }
    if (value === '') throw ctx.fail(`option '${option}' needs a value`, '--option value', i - 1);
    options.set(option, value);
  }
  return options;
}

function required(ctx: ParseContext, options: Map<string, string>, key: string): string {
  const value = options.get(key);
  if (value === undefined) throw ctx.fail(`missing ${key}`, `${ctx.token(0)} with ${key} VALUE`, 1);
  return value;
}

/** `aviso --name N --listener '<json>' [...]`. */
export function parseAviso(ctx: ParseContext): AvisoAttr {
  const expected = "aviso --name N --listener '<json>' [--url U] [--schema S] [--polling P] [--auth A]";
  const o = readOptions(ctx, []);
  const known = ['--name', '--listener', '--url', '--schema', '--polling', '--revision', '--auth', '--reason'];
  for (const key of o.keys()) if (!known.includes(key)) throw ctx.fail(`unknown aviso option '${key}'`, expected, 1);
  return {
    name: required(ctx, o, '--name'),
    listener: required(ctx, o, '--listener'),
    url: o.get('--url'),
    schema: o.get('--schema'),
    polling: o.get('--polling'),
    revision: o.get('--revision'),
    auth: o.get('--auth'),
    reason: o.get('--reason'),
  };
}

/** `mirror --name N --remote_path P [...]`. */
export function parseMirror(ctx: ParseContext): MirrorAttr {
  const expected = 'mirror --name N --remote_path P [--remote_host H] [--remote_port P] [--polling S] [--ssl]';
  const o = readOptions(ctx, ['--ssl']);
  const known = [
    '--name',
    '--remote_path',
    '--remote_host',
    '--remote_port',
    '--polling',
    '--ssl',
    '--auth',
    '--reason',
  ];
  for (const key of o.keys()) if (!known.includes(key)) throw ctx.fail(`unknown mirror option '${key}'`, expected, 1);
  return {
    name: required(ctx, o, '--name'),
    remotePath: required(ctx, o, '--remote_path'),
    remoteHost: o.get('--remote_host'),
    remotePort: o.get('--remote_port'),
    polling: o.get('--polling'),
    ssl: o.has('--ssl'),
    auth: o.get('--auth'),
    reason: o.get('--reason'),
  };
}
