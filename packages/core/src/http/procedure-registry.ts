import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import { IsobarError, isMethodName } from '@isobar/protocol';
import type { Procedure, ProcedureContext } from '../procedures/index.js';
import type { Role } from './authenticator.js';

/** A procedure an embedder adds to the server (served as `POST /v1/rpc/<name>` under the same envelope). */
export interface EmbedderProcedure<TArgs extends TSchema, TResult extends TSchema> {
  /** Method name: letters, digits, `_`, `.` and `-`, not a catalogue name (`myapp.report` style is best). */
  readonly name: string;
  /** TypeBox schema of the arguments (validated before the handler runs). */
  readonly args: TArgs;
  /** TypeBox schema of the result (validated in development mode). */
  readonly result: TResult;
  /** Who may call it. */
  readonly access: 'public' | Role;
  /** Whether it changes state (the server log gets a MSG line per call, as for catalogue methods). @default false */
  readonly mutates?: boolean;
  /** The procedure; throw an `IsobarError` to answer with its code. */
  readonly handler: (args: Static<TArgs>, context: ProcedureContext) => Static<TResult> | Promise<Static<TResult>>;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
const ACCESS = new Set(['public', 'viewer', 'operator', 'admin']);

function issues(label: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 20).map((e) => `${label}${e.instancePath} ${e.message ?? 'is invalid'}`);
}

function checker(validate: ValidateFunction, label: string, method: string): (value: unknown) => unknown {
  return (value) => {
    if (validate(value)) return value;
    const found = issues(label, validate.errors);
    throw new IsobarError('INVALID_ARGUMENT', {
      message: `Invalid argument: ${found.join('; ')}`,
      details: { method, errors: found.map((message) => ({ message })) },
    });
  };
}

/** The procedures a server serves: the catalogue's, then those embedders register. */
export class ProcedureRegistry {
  private readonly procedures = new Map<string, Procedure>();
  // One compiler for every registration; strict mode rejects schemas with unknown keywords at registration.
  private readonly ajv = new Ajv({ allErrors: true, strict: false });

  constructor(catalogue: readonly Procedure[]) {
    for (const procedure of catalogue) this.procedures.set(procedure.name, procedure);
  }

  /** The procedure of a method name, if any. */
  get(name: string): Procedure | undefined {
    return this.procedures.get(name);
  }

  /** Every procedure, catalogue and embedder ones, in registration order. */
  list(): Procedure[] {
    return [...this.procedures.values()];
  }

  /**
   * Adds an embedder's procedure; its schemas are compiled now, so a bad schema fails here, not on a call.
   *
   * @throws IsobarError `CONFIG_ERROR` for a bad name, a taken name, a bad access or an uncompilable schema
   */
  register<TArgs extends TSchema, TResult extends TSchema>(spec: EmbedderProcedure<TArgs, TResult>): void {
    const problems: string[] = [];
    if (typeof spec.name !== 'string' || !NAME.test(spec.name))
      problems.push(`bad procedure name ${String(spec.name)}`);
    else if (isMethodName(spec.name) || this.procedures.has(spec.name)) problems.push(`${spec.name} is already taken`);
    if (!ACCESS.has(spec.access)) problems.push(`access must be public, viewer, operator or admin`);
    if (typeof spec.handler !== 'function') problems.push('handler must be a function');
    let args: ValidateFunction | undefined;
    let result: ValidateFunction | undefined;
    try {
      args = this.ajv.compile(spec.args);
      result = this.ajv.compile(spec.result);
    } catch (cause) {
      problems.push(`schema does not compile: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    if (problems.length > 0 || args === undefined || result === undefined) {
      throw new IsobarError('CONFIG_ERROR', { details: { reason: problems.join('; '), problems } });
    }
    const name = spec.name;
    const checkResult = checker(result, 'result', name);
    this.procedures.set(name, {
      name,
      access: spec.access,
      // An embedder's procedure is logged only when it says it changes something.
      mutates: spec.mutates ?? false,
      validateArgs: checker(args, 'args', name),
      validateResult: (value) => void checkResult(value),
      handler: spec.handler,
    });
  }
}
