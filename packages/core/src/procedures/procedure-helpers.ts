import { IsobarError, type MethodArgs, type MethodName, type MethodResult } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import type { ProcedureContext } from './procedure.js';

/** The handler of one catalogue method, typed by the catalogue. */
export type MethodHandler<M extends MethodName> = (
  args: MethodArgs<M>,
  context: ProcedureContext,
) => MethodResult<M> | Promise<MethodResult<M>>;

/** Handlers for some catalogue methods. */
export type MethodHandlers = { readonly [M in MethodName]?: MethodHandler<M> };

/** The sequence number after an operation: that of its last record, else the log's current one. */
export function lastSeq(engine: Engine, records: readonly { seq: number }[]): number {
  return records.at(-1)?.seq ?? engine.log.seq;
}

/** The requester recorded in the edit history. */
export function requester(context: ProcedureContext): { user: string } {
  return { user: context.principal?.user ?? '' };
}

/**
 * The error of a method whose backing does not exist yet in this server: 501 NOT_IMPLEMENTED naming the step that
 * will provide it, never a pretended success.
 */
export function notAvailable(method: string, needs: string): IsobarError {
  return new IsobarError('NOT_IMPLEMENTED', { details: { method, reason: `needs ${needs}` } });
}
