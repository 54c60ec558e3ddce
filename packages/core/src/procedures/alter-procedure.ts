import { IsobarError, type AlterArgs, type AttributeKind } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import { ATTRIBUTE_FIELDS, type AlterRequest, type Engine } from '../engine/index.js';
import { lastSeq, notAvailable, requester, type MethodHandlers } from './procedure-helpers.js';

// `alter add|change` of these kinds carries plain run-time values the engine takes as text.
const RUNTIME_CHANGE = new Set([
  'variable',
  'event',
  'meter',
  'label',
  'repeat',
  'limit_max',
  'limit_value',
  'defstatus',
]);

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The definition line of an attribute `alter add` creates. */
function definitionLine(args: Extract<AlterArgs, { action: 'add' }>): string {
  const name = args.name ?? '';
  const value = args.value ?? '';
  if (args.type === 'variable') return `edit ${name} ${quote(value)}`;
  if (args.type === 'label') return `label ${name} ${quote(value)}`;
  if (args.type === 'meter') return `meter ${name} ${args.min ?? 0} ${args.max ?? 100}`;
  if (args.type === 'event') return `event ${name}`;
  if (args.type === 'limit') return `limit ${name} ${value === '' ? '1' : value}`;
  return `${args.type} ${[name, value].filter((part) => part !== '').join(' ')}`;
}

/** Parses one attribute line with the .def grammar and returns its model (a list field's single entry). */
function parseAttribute(kind: string, line: string): unknown {
  const defs = parseDefs(`suite alter\n task t\n  ${line}\n endtask\nendsuite\n`, { file: '<alter>' });
  const task = defs.suites[0]?.children?.[0] as unknown as Record<string, unknown> | undefined;
  const field = (ATTRIBUTE_FIELDS as Readonly<Record<string, string>>)[kind];
  const value = field === undefined ? undefined : task?.[field];
  const model: unknown = Array.isArray(value) ? value[0] : value;
  if (model === undefined) throw new IsobarError('INVALID_ARGUMENT', { details: { reason: `bad ${kind}: ${line}` } });
  return model;
}

/** Maps the wire form of `alter` to the engine's request. */
export function toAlterRequest(args: AlterArgs): AlterRequest {
  switch (args.action) {
    case 'set_flag':
    case 'clear_flag':
      return { op: args.action, flag: args.flag };
    case 'sort':
      return { op: 'sort', kind: args.type as AttributeKind | 'all', recursive: args.recursive ?? false };
    case 'delete':
      return {
        op: 'delete',
        kind: args.type as AttributeKind,
        ...(args.name === undefined ? {} : { name: args.name }),
      };
    case 'add':
      if (args.type === 'aviso' || args.type === 'mirror')
        throw notAvailable(`alter add ${args.type}`, 'aviso/mirror support');
      return { op: 'add', kind: args.type, value: parseAttribute(args.type, definitionLine(args)) };
    case 'change': {
      const name = args.name ?? '';
      if (RUNTIME_CHANGE.has(args.type))
        return { op: 'change', kind: args.type as AttributeKind, name, value: args.value };
      if (args.type === 'trigger' || args.type === 'complete' || args.type === 'late') {
        return { op: 'change', kind: args.type, name, value: parseAttribute(args.type, `${args.type} ${args.value}`) };
      }
      throw notAvailable(`alter change ${args.type}`, 'the scheduler step');
    }
  }
}

/** The handler of `alter`. */
export function alterHandlers(engine: Engine): MethodHandlers {
  return {
    alter: (args, context) => {
      const request = toAlterRequest(args);
      return { seq: lastSeq(engine, engine.alter(args.paths, request, requester(context))) };
    },
  };
}
