import { writeDefs, writeNode } from '@isobar/protocol/defs';
import { ContainerNode, toDefs, toDefsNode, type RuntimeNode, type RuntimeTree } from '../model/index.js';
import { CHECKPOINT_END } from './checkpoint-format.js';

interface Frame {
  /** The container's children as they were when it was reached (a later add/delete is replayed from S). */
  readonly children: readonly RuntimeNode[];
  next: number;
  readonly depth: number;
  /** Its closing line (`endfamily`/`endsuite`), written after the children. */
  readonly end: string;
}

const INDENTS: string[] = [''];

function indent(depth: number): string {
  while (INDENTS.length <= depth) INDENTS.push(' '.repeat(INDENTS.length * 2));
  return INDENTS[depth] as string;
}

function indented(text: string, depth: number): string {
  return depth === 0 ? text : text.replace(/^(?=.)/gm, indent(depth));
}

/** The server-level lines of the state dialect (`#5.9.2`, `defs_state`, server variables…), without `# enddef`. */
function headerText(tree: RuntimeTree): string {
  // toDefs walks every suite; a view of the root without children gives the header alone in O(1).
  const root = Object.create(tree.root, { children: { value: [] } }) as RuntimeTree['root'];
  const text = writeDefs(toDefs(Object.create(tree, { root: { value: root } }) as RuntimeTree), { state: true });
  return text.slice(0, text.length - CHECKPOINT_END.length);
}

/**
 * Writes a tree as state-dialect definition text in slices (`next(budgetMs)` returns the text of one slice, or
 * `undefined` when done), so a checkpoint of 100,000 tasks never blocks the event loop for long. The tree may
 * change between slices: nodes are written as they are when reached, and each container's children as they were
 * when it was reached; replaying the journal from the sequence number at the start repairs both. On a tree that
 * does not change, the text equals `writeDefs(toDefs(tree), { state: true })`.
 */
export class TreeTextSlicer {
  private readonly stack: Frame[] = [];
  private started = false;
  private done = false;

  constructor(private readonly tree: RuntimeTree) {}

  /** The text of the next slice (at least one node), produced in about `budgetMs`; `undefined` at the end. */
  next(budgetMs: number): string | undefined {
    if (this.done) return undefined;
    const pieces: string[] = [];
    if (!this.started) {
      this.started = true;
      pieces.push(headerText(this.tree));
      this.stack.push({ children: [...this.tree.root.children], next: 0, depth: 0, end: '' });
    }
    const deadline = performance.now() + budgetMs;
    for (let steps = 1; this.stack.length > 0; steps++) {
      this.step(pieces);
      // performance.now() is cheap but not free: look at the clock every few nodes.
      if (steps % 32 === 0 && performance.now() >= deadline) return pieces.join('');
    }
    this.done = true;
    pieces.push(CHECKPOINT_END);
    return pieces.join('');
  }

  private step(pieces: string[]): void {
    const frame = this.stack[this.stack.length - 1] as Frame;
    const node = frame.children[frame.next++];
    if (node === undefined) {
      this.stack.pop();
      if (frame.end !== '') pieces.push(indent(frame.depth - 1), frame.end, '\n');
      return;
    }
    const depth = frame.depth;
    if (!(node instanceof ContainerNode)) {
      pieces.push(indented(writeNode(toDefsNode(node), { state: true }), depth));
      return;
    }
    const text = writeNode(toDefsNode(node, { children: false }), { state: true });
    const cut = text.lastIndexOf('\n', text.length - 2) + 1;
    pieces.push(indented(text.slice(0, cut), depth));
    this.stack.push({ children: [...node.children], next: 0, depth: depth + 1, end: text.slice(cut).trim() });
  }
}
