import type { Static } from '@sinclair/typebox';
import { alter } from './alter-method.js';
import { AUTH_METHODS } from './auth-methods.js';
import { batch } from './batch-method.js';
import { CHILD_METHODS } from './child-methods.js';
import { DEFINITION_METHODS } from './definition-methods.js';
import { JOB_METHODS } from './job-methods.js';
import type { MethodSpec } from './method-spec.js';
import { NODE_METHODS } from './node-methods.js';
import { SERVER_METHODS } from './server-methods.js';
import { SYNC_METHODS } from './sync-methods.js';
import { ZOMBIE_METHODS } from './zombie-methods.js';

/**
 * Every RPC method the server offers (`POST /v1/rpc/<name>`), with the schemas of its arguments and result,
 * who may call it, and an example. Dotted names are namespaces (`child.init`, `users.add`, `zombies.fob`).
 *
 * @example
 * ```ts
 * METHODS['child.init'].access; // 'child'
 * ```
 */
export const METHODS = {
  ...SERVER_METHODS,
  ...AUTH_METHODS,
  ...DEFINITION_METHODS,
  ...NODE_METHODS,
  alter,
  ...JOB_METHODS,
  ...ZOMBIE_METHODS,
  ...SYNC_METHODS,
  ...CHILD_METHODS,
  batch,
} as const satisfies Record<string, MethodSpec>;

/** The name of an RPC method. */
export type MethodName = keyof typeof METHODS;

/** The arguments of a method. */
export type MethodArgs<M extends MethodName> = Static<(typeof METHODS)[M]['args']>;

/** The result (`value` of a success reply) of a method. */
export type MethodResult<M extends MethodName> = Static<(typeof METHODS)[M]['result']>;

/** Every method name, in catalogue order. */
export const METHOD_NAMES: readonly MethodName[] = Object.freeze(Object.keys(METHODS) as MethodName[]);

/** True when `value` names an RPC method. */
export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(METHODS, value);
}
