// Evaluations per second of a typical trigger, `../f/t == complete and t2:e`, compiled to closures (what
// @isobar/core uses) versus the same expression as a small instruction array run by a switch loop (the
// alternative the design notes mention). Both read the same plain-object tree through ExpressionEnvironment.
// Usage: npx tsx --conditions=@isobar/source bench/engine-expr/evaluate.ts [evaluations]
import { parseExpression } from '@isobar/protocol/defs';
import {
  compileExpression,
  type ExpressionEnvironment,
  type ExprNodeState,
  type ReferenceResolver,
} from '@isobar/core';

const EVALUATIONS = Number(process.argv[2] ?? 20_000_000);

interface BenchNode {
  name: string;
  parent: BenchNode | undefined;
  children: Map<string, BenchNode>;
  state: ExprNodeState;
  events: Map<string, boolean>;
}

function node(name: string, parent: BenchNode | undefined): BenchNode {
  const created: BenchNode = { name, parent, children: new Map(), state: 'queued', events: new Map() };
  parent?.children.set(name, created);
  return created;
}

const root = node('', undefined);
const s = node('s', root);
const f = node('f', s);
const t = node('t', f);
const g = node('g', s);
const t2 = node('t2', g);
const x = node('x', g);
t2.events.set('e', false);

const resolver: ReferenceResolver<BenchNode> = {
  findNode: (path) =>
    path
      .split('/')
      .filter(Boolean)
      .reduce<BenchNode | undefined>((n, p) => n?.children.get(p), root),
  parent: (ref) => (ref.parent === root ? undefined : ref.parent),
  child: (ref, name) => ref.children.get(name),
  name: (ref) => ref.name,
  path: (ref) =>
    ref.parent === undefined ? '' : `${ref.parent === root ? '' : resolver.path(ref.parent)}/${ref.name}`,
  attribute: (ref, kind, name) => (kind === 'event' && ref.events.has(name) ? { name } : undefined),
};

const env: ExpressionEnvironment<BenchNode> = {
  nodeState: (ref) => ref.state,
  eventValue: (ref, name) => ref.events.get(name) === true,
  meterValue: () => 0,
  variableValue: () => '',
  repeatValue: () => 0,
  generatedVariable: () => '',
  limitValue: () => 0,
  flag: () => false,
};

const compiled = compileExpression(parseExpression('../f/t == complete and t2:e'), {
  holderPath: '/s/g/x',
  resolve: resolver,
});
if (x.name !== 'x') throw new Error('unreachable');

// The instruction-array alternative: opcodes with operand slots, and-chains as conditional jumps.
const OP_STATE_EQ = 0;
const OP_EVENT = 1;
const OP_JUMP_IF_FALSE = 2;
const code = new Int32Array([OP_STATE_EQ, 0, OP_JUMP_IF_FALSE, 7, OP_EVENT, 1, 0]);
const refs: BenchNode[] = [t, t2];
const names = ['complete', 'e'] as const;
function runInstructions(environment: ExpressionEnvironment<BenchNode>): boolean {
  let value = false;
  let pc = 0;
  while (pc < code.length - 1) {
    const op = code[pc]!;
    if (op === OP_STATE_EQ) {
      const slot = code[pc + 1]!;
      value = environment.nodeState(refs[slot]!) === names[slot];
      pc += 2;
    } else if (op === OP_EVENT) {
      const slot = code[pc + 1]!;
      value = environment.eventValue(refs[slot]!, names[slot]!);
      pc += 2;
    } else if (!value) {
      pc = code[pc + 1]!;
    } else {
      pc += 2;
    }
  }
  return value;
}

function measure(evaluate: (e: ExpressionEnvironment<BenchNode>) => boolean): number {
  let hits = 0;
  const start = performance.now();
  for (let i = 0; i < EVALUATIONS; i++) {
    // Flip inputs so both branches of `and` run and nothing is constant-folded.
    t.state = (i & 1) === 0 ? 'complete' : 'queued';
    t2.events.set('e', (i & 2) === 0);
    if (evaluate(env)) hits++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (hits !== EVALUATIONS / 4) throw new Error(`unexpected hit count ${hits}`);
  return EVALUATIONS / seconds;
}

measure(compiled.evaluate);
measure(runInstructions);
const closures = measure(compiled.evaluate);
const instructions = measure(runInstructions);
const rows = [
  ['closures (@isobar/core)', closures],
  ['instruction array', instructions],
] as const;
console.log('expression: ../f/t == complete and t2:e   evaluations:', EVALUATIONS);
for (const [label, rate] of rows) console.log(`${label.padEnd(26)} ${(rate / 1e6).toFixed(1).padStart(8)} M evals/s`);
console.log(
  JSON.stringify({
    bench: 'engine-expr',
    closuresPerSecond: Math.round(closures),
    instructionsPerSecond: Math.round(instructions),
    closureOverInstructions: Number((closures / instructions).toFixed(2)),
  }),
);
