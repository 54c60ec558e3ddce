import type { RuntimeNode, RuntimeTree, TreeListener } from '../model/index.js';
import type { ChangeBody } from './change-record.js';
import { nodeRecord } from './node-record.js';

/**
 * Collects the changes of one operation. Attribute and structural records are added as they happen; nodes whose
 * run-time fields changed are remembered and reported once each, with their final values, by {@link finish}.
 */
export class ChangeBatch implements TreeListener {
  private readonly bodies: ChangeBody[] = [];
  private readonly dirty = new Set<RuntimeNode>();

  constructor(private readonly tree: RuntimeTree) {}

  /** TreeListener: remember the node. */
  nodeChanged(node: RuntimeNode): void {
    this.dirty.add(node);
  }

  /** Adds a record now. Node records of changed nodes are flushed first, so records stay in causal order. */
  add(body: ChangeBody): void {
    if (body.type === 'add' || body.type === 'delete' || body.type === 'order') this.flushNodes();
    this.bodies.push(body);
  }

  private flushNodes(): void {
    for (const node of this.dirty) {
      // A node deleted later in the same operation is reported by its `delete` record.
      if (this.tree.index.get(node.path) === node) this.bodies.push(nodeRecord(node));
    }
    this.dirty.clear();
  }

  /** The records of the operation, node records last. */
  finish(): ChangeBody[] {
    this.flushNodes();
    return this.bodies.splice(0);
  }
}
