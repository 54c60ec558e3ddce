import type { Static, TSchema } from '@sinclair/typebox';

/**
 * Who may call a method: `public` needs no credentials; `viewer` < `operator` < `admin` are user roles (a
 * higher role includes the lower ones); `child` methods authenticate with task credentials instead of a user.
 */
export type MethodAccess = 'public' | 'viewer' | 'operator' | 'admin' | 'child';

/** Everything the catalogue knows about one RPC method. */
export interface MethodSpec<TArgs extends TSchema = TSchema, TResult extends TSchema = TSchema> {
  /** Schema of the named arguments (the JSON body of `POST /v1/rpc/<method>`). */
  readonly args: TArgs;
  /** Schema of the `value` of a successful reply. */
  readonly result: TResult;
  /** One sentence for docs and `--help`. */
  readonly description: string;
  /** True when the method can change the server's state (journaled, rejected by read-only users). */
  readonly mutates: boolean;
  /**
   * True when resending the same request after a lost reply cannot do harm or give a different outcome, so
   * clients may retry it automatically on connection failures.
   */
  readonly safeToRetry: boolean;
  /** Who may call it. */
  readonly access: MethodAccess;
  /** The ecflow_client command it corresponds to, if any (for docs). */
  readonly ecflow?: string;
  /** A representative valid call and reply, used by the docs and by the catalogue tests. */
  readonly example: { readonly args: Static<TArgs>; readonly result: Static<TResult> };
}

/**
 * Declares one method; exists so the example is checked against the schemas' static types.
 *
 * @example
 * ```ts
 * const ping = defineMethod({ args: EmptyArgsSchema, result: PingResultSchema, ... });
 * ```
 */
export function defineMethod<TArgs extends TSchema, TResult extends TSchema>(
  spec: MethodSpec<TArgs, TResult>,
): MethodSpec<TArgs, TResult> {
  return spec;
}
