import type { RuntimeNode } from './runtime-node.js';
import type { NodeStateCode } from './node-state.js';

/**
 * Told about every state change the model makes, including the ones propagation makes on ancestors. The engine
 * uses it to collect the nodes to report in change records; the scheduler uses it to find work.
 */
export interface TreeListener {
  /** A node's state, suspension, flags or task fields changed. */
  nodeChanged(node: RuntimeNode): void;
  /** A node's state changed from `previous` (called after `nodeChanged`). */
  stateChanged?(node: RuntimeNode, previous: NodeStateCode): void;
}

/** A listener that ignores everything. */
export const nullTreeListener: TreeListener = Object.freeze({ nodeChanged: () => undefined });
