import { withFree } from '../../model/index.js';
import { requireNode, type OpContext } from '../op-context.js';

/** What `free-dep` frees. */
export type FreeDepKind = 'trigger' | 'all' | 'date' | 'time';

function freeTimeText(state: string | undefined): string {
  return state === undefined || state === '' ? 'free' : state.startsWith('free') ? state : `free ${state}`;
}

/**
 * `free-dep [trigger|all|date|time] path`: marks the node's dependencies free until the next begin/requeue.
 * Time-based attributes get ecFlow's `free` state mark, which the time module reads.
 */
export function freeDependencies(ctx: OpContext, path: string, kinds: readonly FreeDepKind[]): void {
  const node = requireNode(ctx, path);
  const all = kinds.includes('all');
  const trigger = all || kinds.length === 0 || kinds.includes('trigger');
  if (trigger && node.trigger !== undefined && !node.trigger.free) {
    node.trigger = withFree(node.trigger, true);
    ctx.batch.add({ type: 'free', path, expression: 'trigger', free: true });
  }
  if (all && node.complete !== undefined && !node.complete.free) {
    node.complete = withFree(node.complete, true);
    ctx.batch.add({ type: 'free', path, expression: 'complete', free: true });
  }
  const misc = node.misc;
  if (misc === undefined) return;
  if (all || kinds.includes('time')) {
    misc.times = misc.times?.map((t) => ({ ...t, state: freeTimeText(t.state) }));
    misc.crons = misc.crons?.map((t) => ({ ...t, state: freeTimeText(t.state) }));
    if (misc.times !== undefined) ctx.batch.add({ type: 'attribute', path, attribute: 'time', value: misc.times });
    if (misc.crons !== undefined) ctx.batch.add({ type: 'attribute', path, attribute: 'cron', value: misc.crons });
  }
  if (all || kinds.includes('date')) {
    misc.dates = misc.dates?.map((d) => ({ ...d, state: freeTimeText(d.state) }));
    misc.days = misc.days?.map((d) => ({ ...d, state: freeTimeText(d.state) }));
    if (misc.dates !== undefined) ctx.batch.add({ type: 'attribute', path, attribute: 'date', value: misc.dates });
    if (misc.days !== undefined) ctx.batch.add({ type: 'attribute', path, attribute: 'day', value: misc.days });
  }
}
