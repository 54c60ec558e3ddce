import { isContainer, DefsRoot, TaskNode, type RuntimeNode } from './runtime-node.js';
import { nullTreeListener, type TreeListener } from './tree-listener.js';

/**
 * The whole runtime tree: the root, and the path index that gives O(1) lookup from path to node (the node
 * holds its own path for the other direction).
 */
export class RuntimeTree {
  /** The definition root (suites, server variables). */
  readonly root = new DefsRoot();
  /** Path → node, for every suite, family, task and alias. */
  readonly index = new Map<string, RuntimeNode>();
  /** Who hears about state changes. */
  listener: TreeListener = nullTreeListener;
  /** The time stamped on state changes, in seconds since the epoch (the engine sets it per transaction). */
  now = 0;

  // Nodes taken out of the index (deleted, replaced, reloaded): `isAttached` answers with an identity lookup
  // instead of a path lookup (the scheduler asks it for every node it examines, 100 000 at a large begin).
  private readonly detachedNodes = new WeakSet<RuntimeNode>();
  private anyDetached = false;

  /** The node at `path`, or `undefined`. */
  find(path: string): RuntimeNode | undefined {
    return this.index.get(path);
  }

  /**
   * Whether a node that was indexed in this tree is still there (`find(node.path) === node`, without the
   * lookup). Nodes leave the index only through {@link unindexSubtree}, which marks them.
   */
  isAttached(node: RuntimeNode): boolean {
    return !this.anyDetached || !this.detachedNodes.has(node);
  }

  /** Marks a node as taken out of the index (see {@link unindexSubtree}). */
  markDetached(node: RuntimeNode, detached: boolean): void {
    if (detached) {
      this.anyDetached = true;
      this.detachedNodes.add(node);
    } else if (this.anyDetached) {
      this.detachedNodes.delete(node);
    }
  }
}

/** Creates an empty tree. */
export function createRuntimeTree(): RuntimeTree {
  return new RuntimeTree();
}

/** Calls `visit` on `node` and every node below it (aliases included), parents first. */
export function walk(node: RuntimeNode, visit: (node: RuntimeNode) => void): void {
  const stack: RuntimeNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as RuntimeNode;
    visit(current);
    if (isContainer(current)) {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as RuntimeNode);
    } else if (current instanceof TaskNode && current.aliases !== undefined) {
      for (let i = current.aliases.length - 1; i >= 0; i--) stack.push(current.aliases[i] as RuntimeNode);
    }
  }
}

/**
 * Adds a subtree to the path index. Its paths must be free: a node at one of them is unindexed first
 * (`detachNode` before `attachNode`), or it would not be marked detached.
 */
export function indexSubtree(tree: RuntimeTree, node: RuntimeNode): void {
  const { index } = tree;
  walk(node, (each) => {
    index.set(each.path, each);
    tree.markDetached(each, false);
  });
}

/** Removes a subtree from the path index. */
export function unindexSubtree(tree: RuntimeTree, node: RuntimeNode): void {
  walk(node, (each) => {
    // Only the node at that path leaves: a path taken over by another node keeps it.
    if (tree.index.get(each.path) !== each) return;
    tree.index.delete(each.path);
    tree.markDetached(each, true);
  });
}

/** Every task below `node` (or `node` itself when it is a task), in tree order. */
export function tasksBelow(node: RuntimeNode): TaskNode[] {
  const tasks: TaskNode[] = [];
  walk(node, (each) => {
    if (each instanceof TaskNode) tasks.push(each);
  });
  return tasks;
}
