import { ISOBAR_VERSION, PROTOCOL_VERSION, type ServerState } from '@isobar/protocol';
import { isSubmittable, NodeState, SuiteNode } from '../model/index.js';
import type { Engine } from '../engine/index.js';
import type { ProcedureServices } from './procedure.js';
import { lastSeq, requester, type MethodHandlers } from './procedure-helpers.js';

function setState(
  engine: Engine,
  state: ServerState,
  user: { user: string },
): { seq: number; serverState: ServerState } {
  const records = engine.setServerState(state, user);
  return { seq: lastSeq(engine, records), serverState: engine.serverState };
}

function sizes(engine: Engine): { suites: number; nodes: number; tasks: number; activeJobs: number } {
  let tasks = 0;
  let activeJobs = 0;
  let suites = 0;
  for (const node of engine.tree.index.values()) {
    if (node instanceof SuiteNode) suites++;
    if (!isSubmittable(node)) continue;
    tasks++;
    if (node.state === NodeState.submitted || node.state === NodeState.active) activeJobs++;
  }
  return { suites, nodes: engine.tree.index.size, tasks, activeJobs };
}

/** The checkpoint part of `stats`: `never` when the server has no home to write to. */
function checkpointStatus(services: ProcedureServices) {
  const persistence = services.persistence;
  if (persistence === undefined) return { mode: 'never' as const, intervalSeconds: 120 };
  const mode = persistence.mode;
  const last = persistence.lastCheckpoint;
  return {
    mode: mode.kind,
    intervalSeconds: mode.kind === 'on_time' ? mode.seconds : 120,
    ...(last === undefined ? {} : { lastAt: last.at, lastDurationMs: last.durationMs }),
  };
}

/** Handlers of the server-wide methods. */
export function serverHandlers(engine: Engine, services: ProcedureServices): MethodHandlers {
  return {
    ping: () => ({
      version: ISOBAR_VERSION,
      serverState: engine.serverState,
      now: new Date(engine.options.clock.now()).toISOString(),
    }),
    version: () => ({ version: ISOBAR_VERSION, protocolVersion: PROTOCOL_VERSION, node: process.version }),
    halt: (_args, context) => setState(engine, 'HALTED', requester(context)),
    shutdown: (_args, context) => setState(engine, 'SHUTDOWN', requester(context)),
    restart: (_args, context) => setState(engine, 'RUNNING', requester(context)),
    terminate: (_args, context) => {
      context.logger.info('terminate requested', { user: context.principal?.user });
      context.afterReply(services.terminate);
      return { seq: engine.log.seq, stopping: true };
    },
    stats: () => {
      const counters = services.counters();
      return {
        version: ISOBAR_VERSION,
        serverState: engine.serverState,
        startedAt: services.startedAt,
        seq: engine.log.seq,
        ...sizes(engine),
        zombies: engine.zombieTable.size,
        counters: { ...counters, jobsSubmitted: services.jobs?.submitted ?? 0 },
        checkpoint: checkpointStatus(services),
        journalBytes: services.persistence?.journal.bytesWritten ?? 0,
      };
    },
    msg: (args, context) => {
      context.logger.info(`MSG: ${args.text}`, { user: context.principal?.user });
      return { logged: true };
    },
  };
}
