import {
  ContainerNode,
  NodeState,
  parentNode,
  stateName,
  suiteOf,
  type RuntimeNode,
  type SuiteNode,
  type RuntimeTree,
} from '../model/index.js';
import type { WhyReason } from './engine-hooks.js';
import { serverStatePolicy } from './server-state.js';

function ownReasons(node: RuntimeNode, reasons: WhyReason[]): void {
  if (node.suspended) reasons.push({ code: 'suspended', path: node.path, message: `${node.path} is suspended` });
  if (node.state !== NodeState.queued && !(node instanceof ContainerNode)) {
    const state = stateName(node.state);
    reasons.push({ code: 'state', path: node.path, message: `${node.path} is ${state}, not queued` });
  }
}

function ancestorReasons(node: RuntimeNode, reasons: WhyReason[]): void {
  for (let parent = parentNode(node); parent !== undefined; parent = parentNode(parent)) {
    if (parent.suspended) {
      reasons.push({ code: 'parent-suspended', path: parent.path, message: `parent ${parent.path} is suspended` });
    }
    if (parent.state === NodeState.complete) {
      reasons.push({ code: 'parent-complete', path: parent.path, message: `parent ${parent.path} is complete` });
    }
  }
}

/**
 * The reasons that belong to the tree why a node does not run: server not RUNNING, suite not begun, the node or
 * an ancestor suspended or complete, the node not queued. The scheduler's reasons (trigger sub-expressions,
 * limits, time) come from the `why` hook and are appended by the engine.
 */
export function treeWhy(tree: RuntimeTree, node: RuntimeNode): WhyReason[] {
  const reasons: WhyReason[] = [];
  const serverState = tree.root.serverState;
  if (!serverStatePolicy(serverState).canSchedule) {
    reasons.push({ code: 'server', path: '/', message: `the server is ${serverState}` });
  }
  const suite: SuiteNode = suiteOf(node);
  if (!suite.begun) reasons.push({ code: 'not-begun', path: suite.path, message: `suite ${suite.path} is not begun` });
  ownReasons(node, reasons);
  ancestorReasons(node, reasons);
  return reasons;
}
