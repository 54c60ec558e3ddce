import type { Engine, FreeDepKind } from '../engine/index.js';
import { lastSeq, requester, type MethodHandlers } from './procedure-helpers.js';

/** Handlers of the methods that change or explain the state of nodes. */
export function nodeHandlers(engine: Engine): MethodHandlers {
  return {
    begin: (args, context) => {
      const before = new Set(engine.tree.root.children.filter((s) => s.begun).map((s) => s.name));
      const records = engine.begin(args.suite === undefined ? undefined : `/${args.suite}`, {
        force: args.force ?? false,
        ...requester(context),
      });
      const begun = engine.tree.root.children
        .filter((s) => s.begun && (args.force === true || !before.has(s.name)))
        .filter((s) => args.suite === undefined || s.name === args.suite)
        .map((s) => s.name);
      return { seq: lastSeq(engine, records), begun };
    },
    requeue: (args, context) => {
      const options = { ...(args.mode === undefined ? {} : { mode: args.mode }), ...requester(context) };
      return { seq: lastSeq(engine, engine.requeue(args.paths, options)) };
    },
    suspend: (args, context) => ({ seq: lastSeq(engine, engine.suspend(args.paths, requester(context))) }),
    resume: (args, context) => ({ seq: lastSeq(engine, engine.resume(args.paths, requester(context))) }),
    force: (args, context) => {
      const options = { recursive: args.recursive ?? false, full: args.full ?? false, ...requester(context) };
      return { seq: lastSeq(engine, engine.force(args.paths, args.to, options)) };
    },
    run: (args, context) => {
      const records = engine.run(args.paths, { force: args.force ?? false, ...requester(context) });
      const submitted = records
        .flatMap((r) => (r.type === 'node.state' && r.state === 'submitted' ? [r.path] : []))
        .filter((path) => args.paths.some((p) => path === p || path.startsWith(`${p}/`)));
      return { seq: lastSeq(engine, records), submitted };
    },
    freeDep: (args, context) => {
      const kinds: FreeDepKind[] = [args.kind ?? 'trigger'];
      return { seq: lastSeq(engine, engine.freeDep(args.paths, kinds, requester(context))) };
    },
    why: (args) => ({ path: args.path, reasons: engine.why(args.path).map((reason) => reason.message) }),
  };
}
