// Methods about the server as a whole: liveness, server states, checkpoints, log, statistics.
import { Type } from '@sinclair/typebox';
import {
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  stringEnum,
} from '../validation/schema-kit.js';
import { SequenceSchema, TimestampSchema } from '../tree/node-path.js';
import { ServerStateSchema } from '../tree/node-states.js';
import { EmptyArgsSchema, MutationResultSchema } from './common-schemas.js';
import { defineMethod } from './method-spec.js';

const VersionSchema = boundedString(64, { description: 'Isobar release, e.g. 0.1.0' });
const ServerStateResultSchema = closedObject({ seq: SequenceSchema, serverState: ServerStateSchema });

/** Checkpoint modes (ecFlow `check_pt`): never, on a timer, after every change. */
export const CHECKPOINT_MODES = ['never', 'on_time', 'always'] as const;

/** Actions of `log`. */
export const LOG_ACTIONS = ['get', 'clear', 'flush', 'new', 'path'] as const;

const ping = defineMethod({
  description: 'Check that the server answers; reports its state and clock.',
  ecflow: 'ping',
  access: 'public',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({ version: VersionSchema, serverState: ServerStateSchema, now: TimestampSchema }),
  example: { args: {}, result: { version: '0.1.0', serverState: 'RUNNING', now: '2026-01-02T03:04:05.000Z' } },
});

const version = defineMethod({
  description: 'The server release and protocol version.',
  ecflow: 'server_version',
  access: 'public',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({
    version: VersionSchema,
    protocolVersion: Type.Integer({ minimum: 1 }),
    node: boundedString(64, { description: 'Node.js version of the server' }),
  }),
  example: { args: {}, result: { version: '0.1.0', protocolVersion: 1, node: 'v20.20.2' } },
});

const halt = defineMethod({
  description: 'HALTED: no scheduling, child commands told to wait, no automatic checkpoints.',
  ecflow: 'halt',
  access: 'admin',
  mutates: true,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: ServerStateResultSchema,
  example: { args: {}, result: { seq: 50, serverState: 'HALTED' } },
});

const shutdown = defineMethod({
  description: 'SHUTDOWN: no new jobs; running jobs may still report.',
  ecflow: 'shutdown',
  access: 'admin',
  mutates: true,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: ServerStateResultSchema,
  example: { args: {}, result: { seq: 51, serverState: 'SHUTDOWN' } },
});

const restart = defineMethod({
  description: 'RUNNING: schedule jobs again.',
  ecflow: 'restart',
  access: 'admin',
  mutates: true,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: ServerStateResultSchema,
  example: { args: {}, result: { seq: 52, serverState: 'RUNNING' } },
});

const terminate = defineMethod({
  description: 'Checkpoint and stop the server process.',
  ecflow: 'terminate',
  access: 'admin',
  mutates: true,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({ seq: SequenceSchema, stopping: Type.Literal(true) }),
  example: { args: {}, result: { seq: 52, stopping: true } },
});

const checkpoint = defineMethod({
  description: 'Write a checkpoint now; optionally change the checkpoint mode, interval and alarm.',
  ecflow: 'check_pt',
  access: 'admin',
  mutates: true,
  safeToRetry: true,
  args: closedObject({
    mode: Type.Optional(stringEnum(CHECKPOINT_MODES)),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
    alarmSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  }),
  result: closedObject({
    file: boundedString(MAX_SHORT_TEXT_LENGTH),
    seq: SequenceSchema,
    bytes: Type.Integer({ minimum: 0 }),
    durationMs: Type.Number({ minimum: 0 }),
  }),
  example: { args: {}, result: { file: '/home/checkpoint', seq: 52, bytes: 4096, durationMs: 3.2 } },
});

const restoreFromCheckpoint = defineMethod({
  description: 'Load the last checkpoint (the server must be HALTED and hold no suites).',
  ecflow: 'restore_from_checkpt',
  access: 'admin',
  mutates: true,
  safeToRetry: false,
  args: EmptyArgsSchema,
  result: MutationResultSchema,
  example: { args: {}, result: { seq: 52 } },
});

const CountersSchema = closedObject({
  requests: Type.Integer({ minimum: 0 }),
  errors: Type.Integer({ minimum: 0 }),
  childCommands: Type.Integer({ minimum: 0 }),
  jobsSubmitted: Type.Integer({ minimum: 0 }),
});

const stats = defineMethod({
  description: 'Server statistics: state, uptime, sizes, counters, checkpoint and journal status.',
  ecflow: 'stats',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ reset: Type.Optional(Type.Boolean({ default: false, description: 'Zero the counters' })) }),
  result: closedObject({
    version: VersionSchema,
    serverState: ServerStateSchema,
    startedAt: TimestampSchema,
    seq: SequenceSchema,
    suites: Type.Integer({ minimum: 0 }),
    nodes: Type.Integer({ minimum: 0 }),
    tasks: Type.Integer({ minimum: 0 }),
    activeJobs: Type.Integer({ minimum: 0 }),
    zombies: Type.Integer({ minimum: 0 }),
    counters: CountersSchema,
    checkpoint: closedObject({
      mode: stringEnum(CHECKPOINT_MODES),
      intervalSeconds: Type.Integer({ minimum: 1 }),
      lastAt: Type.Optional(TimestampSchema),
      lastDurationMs: Type.Optional(Type.Number({ minimum: 0 })),
    }),
    journalBytes: Type.Integer({ minimum: 0 }),
  }),
  example: {
    args: {},
    result: {
      version: '0.1.0',
      serverState: 'RUNNING',
      startedAt: '2026-01-02T03:04:05.000Z',
      seq: 52,
      suites: 1,
      nodes: 2,
      tasks: 1,
      activeJobs: 0,
      zombies: 0,
      counters: { requests: 10, errors: 0, childCommands: 4, jobsSubmitted: 1 },
      checkpoint: { mode: 'on_time', intervalSeconds: 120 },
      journalBytes: 2048,
    },
  },
});

const log = defineMethod({
  description: 'Read the server log (last lines), clear, flush or reopen it, or show its path.',
  ecflow: 'log',
  access: 'operator',
  mutates: false,
  safeToRetry: true,
  args: closedObject({
    action: stringEnum(LOG_ACTIONS),
    lines: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100 })),
    path: Type.Optional(boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'New log file for `new`' })),
  }),
  result: closedObject({
    path: boundedString(MAX_SHORT_TEXT_LENGTH),
    lines: Type.Optional(boundedArray(boundedString(MAX_TEXT_LENGTH), 1_000_000)),
  }),
  example: { args: { action: 'get', lines: 1 }, result: { path: '/home/log/server.log', lines: ['MSG: ping'] } },
});

const msg = defineMethod({
  description: 'Write a message to the server log.',
  ecflow: 'msg',
  access: 'operator',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ text: boundedString(MAX_SHORT_TEXT_LENGTH, { minLength: 1 }) }),
  result: closedObject({ logged: Type.Literal(true) }),
  example: { args: { text: 'starting maintenance' }, result: { logged: true } },
});

/** Methods about the server as a whole. */
export const SERVER_METHODS = {
  ping,
  version,
  halt,
  shutdown,
  restart,
  terminate,
  checkpoint,
  restoreFromCheckpoint,
  stats,
  log,
  msg,
};
