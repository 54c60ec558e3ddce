import type { CallOptions } from './method-types.js';
import { METHOD_TABLE } from './method-table.js';

/** Sends one RPC call; what every installed method delegates to. */
export type MethodInvoker = (
  method: string,
  args: object | undefined,
  options: CallOptions | undefined,
) => Promise<unknown>;

/** Members of the client class that a method of the same name must not replace. */
const RESERVED = new Set(['login', 'logout']);

/**
 * Defines one member per RPC method on `target`: `ping`, `tree`, …; dotted names on a namespace object
 * (`child.init`), which is the method itself when the namespace is also a method (`zombies()` and
 * `zombies.fob()`). Built from the small method table, so no schema is loaded.
 */
export function installMethods(target: object, invoke: MethodInvoker): void {
  const members = new Map<string, Record<string, unknown>>();
  const bind = (method: string) => (args?: object, options?: CallOptions) => invoke(method, args, options);
  // Plain names first, so a namespace that is also a method (`zombies`) is a function when its leaves attach.
  for (const [method] of METHOD_TABLE) {
    if (method.includes('.') || RESERVED.has(method)) continue;
    members.set(method, bind(method) as unknown as Record<string, unknown>);
  }
  for (const [method] of METHOD_TABLE) {
    const dot = method.indexOf('.');
    if (dot < 0) continue;
    const root = method.slice(0, dot);
    let namespace = members.get(root);
    if (namespace === undefined) {
      namespace = {};
      members.set(root, namespace);
    }
    namespace[method.slice(dot + 1)] = bind(method);
  }
  for (const [name, member] of members) {
    Object.defineProperty(target, name, { value: member, enumerable: false, writable: false, configurable: false });
  }
}
