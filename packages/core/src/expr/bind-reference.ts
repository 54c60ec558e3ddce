import type { AttrExpr, FlagExpr, NodeRefExpr, VarExpr } from '@isobar/protocol/defs';
import { candidatePath, type Binding, type CompileContext, type ReferenceExpr } from './compile-context.js';
import { resolveAttribute, resolveNodePath } from './reference-resolver.js';

/** Notes an extern (evaluates as absent) or a problem; the reference reads as absent either way. */
function unresolved<Ref>(
  context: CompileContext<Ref>,
  detail: { written: string; path: string; reason: string | undefined },
): Binding<Ref> {
  if (detail.reason === undefined) {
    context.externRefs.push({ reference: detail.written, watchPath: candidatePath(context.holderPath, detail.path) });
  } else {
    context.problems.push({ reference: detail.written, reason: detail.reason });
  }
  return { status: 'absent', written: detail.written };
}

function bindNode<Ref>(context: CompileContext<Ref>, expr: NodeRefExpr): Binding<Ref> {
  const found = resolveNodePath(context.resolver, context.holder, {
    path: expr.path,
    externKey: expr.path,
    externs: context.externs,
  });
  if (found.status === 'found') return { status: 'node', ref: found.ref };
  const reason = found.status === 'missing' ? found.reason : undefined;
  return unresolved(context, { written: expr.path, path: expr.path, reason });
}

function bindAttr<Ref>(context: CompileContext<Ref>, expr: AttrExpr): Binding<Ref> {
  const written = `${expr.path}:${expr.name}`;
  const found = resolveNodePath(context.resolver, context.holder, {
    path: expr.path,
    externKey: written,
    externs: context.externs,
  });
  if (found.status !== 'found') {
    const reason = found.status === 'missing' ? found.reason : undefined;
    return unresolved(context, { written, path: expr.path, reason });
  }
  const match = resolveAttribute(context.resolver, found.ref, expr.name);
  if (match !== undefined) return { status: 'attr', ref: found.ref, ...match };
  const at = context.resolver.path(found.ref);
  const excused = context.externs.has(written) || context.externs.has(`${at}:${expr.name}`);
  const reason = excused
    ? undefined
    : `${at} has no event, meter, variable, repeat, generated variable, limit or queue '${expr.name}'`;
  return unresolved(context, { written, path: expr.path, reason });
}

function bindVar<Ref>(context: CompileContext<Ref>, expr: VarExpr): Binding<Ref> {
  const { resolver } = context;
  for (let node: Ref | undefined = context.holder; node !== undefined; node = resolver.parent(node)) {
    const match = resolveAttribute(resolver, node, expr.name);
    if (match !== undefined) return { status: 'attr', ref: node, ...match };
  }
  const written = `:${expr.name}`;
  const excused = context.externs.has(`${context.holderPath}:${expr.name}`);
  const reason = excused ? undefined : `no variable '${expr.name}' on ${context.holderPath} or any of its parents`;
  return unresolved(context, { written, path: '.', reason });
}

function bindFlag<Ref>(context: CompileContext<Ref>, expr: FlagExpr): Binding<Ref> {
  const written = `${expr.path}<flag>${expr.flag}`;
  if (expr.path === '/') {
    const root = context.resolver.findNode('/');
    return root === undefined ? { status: 'absent', written } : { status: 'node', ref: root };
  }
  const found = resolveNodePath(context.resolver, context.holder, {
    path: expr.path,
    externKey: `${expr.path}:${expr.flag}`,
    externs: context.externs,
  });
  if (found.status === 'found') return { status: 'node', ref: found.ref };
  const reason = found.status === 'missing' ? found.reason : undefined;
  return unresolved(context, { written, path: expr.path, reason });
}

/**
 * Resolves one reference against the tree with ecFlow's rules (`path`: node paths; `path:name`: the attribute by
 * ecFlow's kind priority; `:NAME`: the holder and its ancestors; `/<flag>x`: the root), noting externs and
 * problems in the context.
 */
export function bindReference<Ref>(context: CompileContext<Ref>, expr: ReferenceExpr): Binding<Ref> {
  switch (expr.kind) {
    case 'node':
      return bindNode(context, expr);
    case 'attr':
      return bindAttr(context, expr);
    case 'var':
      return bindVar(context, expr);
    case 'flag':
      return bindFlag(context, expr);
  }
}
