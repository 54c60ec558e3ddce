import { holderOf, type RuntimeNode } from '../../model/index.js';
import { invalidArgument } from '../errors.js';
import { requireNode, type OpContext } from '../op-context.js';

/** How `order` moves a node among its siblings. */
export type OrderHow = 'top' | 'bottom' | 'alpha' | 'order' | 'up' | 'down';

const ORDER_HOWS: readonly string[] = ['top', 'bottom', 'alpha', 'order', 'up', 'down'];

function caseInsensitive(a: RuntimeNode, b: RuntimeNode): number {
  const left = a.name.toLowerCase();
  const right = b.name.toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function alphaLess(a: RuntimeNode, b: RuntimeNode): number {
  // ecFlow compares names as integers when both are numbers, else case-insensitively.
  if (/^\d+$/.test(a.name) && /^\d+$/.test(b.name)) return Number(a.name) - Number(b.name);
  return caseInsensitive(a, b);
}

function reorder(children: RuntimeNode[], node: RuntimeNode, how: OrderHow): void {
  const at = children.indexOf(node);
  switch (how) {
    case 'top':
      children.splice(at, 1);
      children.unshift(node);
      return;
    case 'bottom':
      children.splice(at, 1);
      children.push(node);
      return;
    case 'up':
      if (at > 0) children.splice(at - 1, 2, node, children[at - 1] as RuntimeNode);
      return;
    case 'down':
      if (at < children.length - 1) children.splice(at, 2, children[at + 1] as RuntimeNode, node);
      return;
    case 'alpha':
      children.sort(alphaLess);
      return;
    case 'order':
      // ecFlow's `order` is a plain case-insensitive descending sort (no numeric comparison).
      children.sort((a, b) => caseInsensitive(b, a));
  }
}

/**
 * `order path top|bottom|alpha|order|up|down`: moves a node among its siblings (`alpha`/`order` sort all the
 * siblings, ascending/descending). Aliases cannot be ordered.
 */
export function order(ctx: OpContext, path: string, how: OrderHow): void {
  if (!ORDER_HOWS.includes(how)) throw invalidArgument(`order must be one of ${ORDER_HOWS.join('|')}`, { path });
  const node = requireNode(ctx, path);
  const holder = holderOf(node);
  if (holder === undefined) throw invalidArgument('an alias cannot be ordered', { path });
  const children = holder.children as RuntimeNode[];
  const before = children.map((c) => c.name).join('/');
  reorder(children, node, how);
  const names = children.map((c) => c.name);
  if (names.join('/') !== before) ctx.batch.add({ type: 'order', path: holder.path, names });
}
