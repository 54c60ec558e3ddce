import { METHODS, METHOD_NAMES, validateArgs, validateResult, type MethodName } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import { alterHandlers } from './alter-procedure.js';
import { archiveHandlers } from './archive-procedures.js';
import { authHandlers } from './auth-procedures.js';
import { batchHandlers } from './batch-procedure.js';
import { childHandlers } from './child-procedures.js';
import { definitionHandlers } from './definition-procedures.js';
import { jobHandlers } from './job-procedures.js';
import { logHandlers } from './log-procedures.js';
import { nodeHandlers } from './node-procedures.js';
import type { Procedure, ProcedureServices } from './procedure.js';
import { notAvailable, type MethodHandlers } from './procedure-helpers.js';
import { persistenceHandlers } from './persistence-procedures.js';
import { serverHandlers } from './server-procedures.js';
import { syncHandlers } from './sync-procedures.js';
import { userHandlers } from './user-procedures.js';
import { zombieHandlers } from './zombie-procedures.js';

/**
 * Catalogue methods this server cannot serve yet, with the step that will provide them. They answer 501
 * NOT_IMPLEMENTED instead of pretending to work.
 */
export const UNAVAILABLE_METHODS: Readonly<Partial<Record<MethodName, string>>> = {};

function allHandlers(engine: Engine, services: ProcedureServices): MethodHandlers {
  const handlers: MethodHandlers = {
    ...serverHandlers(engine, services),
    ...authHandlers(services),
    ...userHandlers(services),
    ...zombieHandlers(engine),
    ...definitionHandlers(engine),
    ...nodeHandlers(engine),
    ...alterHandlers(engine),
    ...archiveHandlers(engine),
    ...syncHandlers(engine),
    ...childHandlers(engine),
    ...jobHandlers(engine, services),
    ...persistenceHandlers(engine, services),
    ...logHandlers(services),
  };
  return { ...handlers, ...batchHandlers(engine, handlers) };
}

/** One procedure per catalogue method, bound to the engine, with the generated validators of its schemas. */
export function createCatalogueProcedures(engine: Engine, services: ProcedureServices): Procedure[] {
  const handlers = allHandlers(engine, services) as Readonly<Record<string, Procedure['handler'] | undefined>>;
  return METHOD_NAMES.map((name) => {
    const unavailable = UNAVAILABLE_METHODS[name];
    const handler = handlers[name];
    return {
      name,
      access: METHODS[name].access,
      mutates: METHODS[name].mutates,
      validateArgs: (value: unknown) => validateArgs(name, value),
      validateResult: (value: unknown) => void validateResult(name, value),
      handler:
        unavailable !== undefined || handler === undefined
          ? () => {
              throw notAvailable(name, unavailable ?? 'a later step');
            }
          : handler,
    };
  });
}
