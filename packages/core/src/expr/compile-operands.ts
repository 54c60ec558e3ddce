import type { AttrExpr, FlagExpr, NodeRefExpr, VarExpr } from '@isobar/protocol/defs';
import { addDependency, type CompileContext } from './compile-context.js';
import type { CompiledNode, NumberReader } from './compiled-node.js';
import type { ExprAttributeKind, ExpressionEnvironment, ExprNodeState } from './expr-environment.js';
import { EXPR_STATE_CODES, toExpressionInteger } from './expr-values.js';
import type { ResolvedAttribute } from './reference-resolver.js';

const ZERO = (): number => 0;
const FALSE = (): boolean => false;

/** Builds the value reader of one resolved attribute; each kind gets its own small closure (monomorphic). */
function attributeReader<Ref>(ref: Ref, kind: ExprAttributeKind, name: string): NumberReader<Ref> {
  switch (kind) {
    case 'event':
      return (env) => (env.eventValue(ref, name) ? 1 : 0);
    case 'meter':
      return (env) => env.meterValue(ref, name);
    case 'variable':
      return (env) => toExpressionInteger(env.variableValue(ref, name));
    case 'repeat':
      return (env) => env.repeatValue(ref, name);
    case 'generated':
      return (env) => toExpressionInteger(env.generatedVariable(ref, name));
    case 'limit':
      return (env) => env.limitValue(ref, name);
    case 'queue':
      return (env) => env.queueValue?.(ref, name) ?? 0;
  }
}

function attributeNode<Ref>(
  context: CompileContext<Ref>,
  expr: AttrExpr | VarExpr,
  resolved: { ref: Ref; kind: ExprAttributeKind; attribute: ResolvedAttribute },
): CompiledNode<Ref> {
  const { ref, kind, attribute } = resolved;
  addDependency(context, { ref, kind, name: attribute.name });
  if (kind === 'generated') addDependency(context, { ref, kind: 'state', name: '' });
  const num = attributeReader(ref, kind, attribute.name);
  const label = `${context.resolver.path(ref)}:${attribute.name}`;
  const describe = (env: ExpressionEnvironment<Ref>): string =>
    kind === 'event' ? `event ${num(env) === 1 ? 'set' : 'clear'}` : `${kind} ${num(env)}`;
  return {
    expr,
    num,
    bool: (env) => num(env) !== 0,
    children: [],
    operand: { label, describe },
    ...(kind === 'repeat' && attribute.repeatKind !== undefined ? { repeatKind: attribute.repeatKind } : {}),
  };
}

function absentNode<Ref>(expr: AttrExpr | VarExpr | FlagExpr | NodeRefExpr, label: string): CompiledNode<Ref> {
  const describe = (): string => (expr.kind === 'node' ? 'unknown' : 'absent');
  return {
    expr,
    num: ZERO,
    bool: FALSE,
    children: [],
    operand: { label: `${label} (extern)`, describe },
    absent: true,
  };
}

/** `path` in `path == state`: reads the node's state (its `DState` number in a numeric context). */
export function compileNodeRef<Ref>(context: CompileContext<Ref>, expr: NodeRefExpr): CompiledNode<Ref> {
  const found = context.bind(expr);
  if (found.status !== 'node') return absentNode(expr, expr.path);
  const { ref } = found;
  addDependency(context, { ref, kind: 'state', name: '' });
  const state = (env: ExpressionEnvironment<Ref>): ExprNodeState => env.nodeState(ref);
  return {
    expr,
    num: (env) => EXPR_STATE_CODES[env.nodeState(ref)],
    bool: (env) => EXPR_STATE_CODES[env.nodeState(ref)] !== 0,
    children: [],
    operand: { label: context.resolver.path(ref), describe: state },
    state,
  };
}

/** `path:name`: the node by ecFlow's path rules, then the attribute by ecFlow's kind priority. */
export function compileAttr<Ref>(context: CompileContext<Ref>, expr: AttrExpr): CompiledNode<Ref> {
  const found = context.bind(expr);
  if (found.status !== 'attr') return absentNode(expr, `${expr.path}:${expr.name}`);
  return attributeNode(context, expr, found);
}

/** `:NAME`: the first node from the holder up whose attribute of any kind has that name. */
export function compileVar<Ref>(context: CompileContext<Ref>, expr: VarExpr): CompiledNode<Ref> {
  const found = context.bind(expr);
  if (found.status !== 'attr') return absentNode(expr, `:${expr.name}`);
  return attributeNode(context, expr, found);
}

/** `path<flag>name`; `/` names the server (root) flags. */
export function compileFlag<Ref>(context: CompileContext<Ref>, expr: FlagExpr): CompiledNode<Ref> {
  const found = context.bind(expr);
  if (found.status !== 'node') return absentNode(expr, `${expr.path}<flag>${expr.flag}`);
  const target = found.ref;
  const { flag } = expr;
  addDependency(context, { ref: target, kind: 'flag', name: flag });
  const bool = (env: ExpressionEnvironment<Ref>): boolean => env.flag(target, flag);
  return {
    expr,
    num: (env) => (env.flag(target, flag) ? 1 : 0),
    bool,
    children: [],
    operand: {
      label: `${context.resolver.path(target)}<flag>${flag}`,
      describe: (env) => (bool(env) ? 'set' : 'not set'),
    },
  };
}
