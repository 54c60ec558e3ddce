// Types of the client's per-method functions, derived from the catalogue's TypeBox schemas. Only types are
// imported here: nothing of the catalogue is loaded at run time.
import type { MethodArgs, MethodName, MethodResult } from '@isobar/protocol';
import type { RpcCallOptions } from '@isobar/protocol/rpc';

/** Per-call options: an `AbortSignal` and a timeout for each try. */
export type CallOptions = RpcCallOptions;

/**
 * The function that calls method `M`: arguments and result typed from the catalogue. Methods whose arguments
 * are all optional may be called without any.
 *
 * @example
 * ```ts
 * const tree: MethodFunction<'tree'> = client.tree;
 * ```
 */
export type MethodFunction<M extends MethodName> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "accepts no arguments" is exactly `{}`
  {} extends MethodArgs<M>
    ? (args?: MethodArgs<M>, options?: CallOptions) => Promise<MethodResult<M>>
    : (args: MethodArgs<M>, options?: CallOptions) => Promise<MethodResult<M>>;

/** The part of a method name before its first dot (`child` of `child.init`), or the whole name. */
type RootOf<N extends string> = N extends `${infer Head}.${string}` ? Head : N;

/** The names below namespace `R` (`init` for `child.init`). */
type LeafOf<N extends string, R extends string> = N extends `${R}.${infer Leaf}` ? Leaf : never;

/** A namespace's own method (like `zombies`), if the namespace name is also a method. */
type RootFunction<R extends string> = R extends MethodName ? MethodFunction<R> : unknown;

/**
 * One member per RPC method of the catalogue; dotted names are nested (`child.init` → `child.init(...)`), and a
 * namespace that is also a method is callable (`zombies()` and `zombies.fob(...)`).
 */
export type IsobarMethods = {
  readonly [R in RootOf<MethodName>]: RootFunction<R> & {
    readonly [L in LeafOf<MethodName, R>]: MethodFunction<`${R}.${L}` & MethodName>;
  };
};
