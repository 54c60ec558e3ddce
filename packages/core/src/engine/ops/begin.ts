import { SuiteNode, flagBit, mostSignificantState, stateName } from '../../model/index.js';
import { notFound, wrongState } from '../errors.js';
import { runningTasks, type OpContext } from '../op-context.js';
import { resetSubtree } from './reset-node.js';

/** Options of {@link begin}. */
export interface BeginOptions {
  /** Begin again even if begun or with running tasks (those become zombies). @default false */
  readonly force?: boolean;
}

function checkCanBegin(suite: SuiteNode): void {
  if (suite.begun) return;
  const derived = mostSignificantState(suite.counts);
  if (derived === 0 || derived === 1) return;
  const running = runningTasks(suite);
  if (running.length > 0) {
    throw wrongState(suite.path, stateName(derived), `${running.length} tasks are active or submitted; use force`);
  }
}

function beginSuite(ctx: OpContext, suite: SuiteNode, force: boolean): void {
  let zombies: readonly SuiteNode[] | ReturnType<typeof runningTasks> = [];
  if (force) {
    zombies = runningTasks(suite);
    suite.begun = false;
  }
  if (suite.begun) return; // ecFlow only warns when a suite has already begun
  suite.begun = true;
  resetSubtree(ctx, suite, { kind: 'begin', resumeDescendants: false, resetTopRepeat: true });
  for (const task of zombies) {
    task.flags |= flagBit('zombie');
    ctx.batch.nodeChanged(task);
  }
}

/**
 * `begin [suite] [--force]`: start a suite (or every suite not yet begun): nodes take their defstatus, attributes
 * reset. A suite that has begun is left alone unless `force`.
 */
export function begin(ctx: OpContext, suitePath: string | undefined, options: BeginOptions = {}): void {
  const force = options.force ?? false;
  const suites: SuiteNode[] = [];
  if (suitePath === undefined || suitePath === '' || suitePath === '/') {
    suites.push(...ctx.tree.root.children);
  } else {
    const path = suitePath.startsWith('/') ? suitePath : `/${suitePath}`;
    const suite = ctx.tree.index.get(path);
    if (!(suite instanceof SuiteNode)) throw notFound(path, 'no such suite');
    suites.push(suite);
  }
  if (!force) suites.forEach(checkCanBegin);
  for (const suite of suites) beginSuite(ctx, suite, force);
}
