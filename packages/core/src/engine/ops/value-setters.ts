import type { RuntimeNode } from '../../model/index.js';
import { findByKey } from '../attribute-lookup.js';
import { invalidArgument, notFound } from '../errors.js';
import type { OpContext } from '../op-context.js';

/** A named value to set on a node attribute. */
export interface NamedValue<T> {
  /** Attribute name (events: also the number). */
  readonly name: string;
  /** New value. */
  readonly value: T;
}

/** Sets an event (by name or number); records it when it changes. */
export function setEvent(ctx: OpContext, node: RuntimeNode, { name, value }: NamedValue<boolean>): void {
  const event = findByKey(node.events, name);
  if (event === undefined) throw notFound(`${node.path}:${name}`, 'no such event');
  if (event.value === value) return;
  event.value = value;
  ctx.batch.add({ type: 'event', path: node.path, name: event.key, value });
}

/** Sets a meter, which must stay within its range (ecFlow rejects values outside min..max). */
export function setMeter(ctx: OpContext, node: RuntimeNode, { name, value }: NamedValue<number>): void {
  const meter = findByKey(node.meters, name);
  if (meter === undefined) throw notFound(`${node.path}:${name}`, 'no such meter');
  if (!Number.isInteger(value) || value < meter.min || value > meter.max) {
    throw invalidArgument(`meter ${name} value must be an integer in [${meter.min}, ${meter.max}], got ${value}`, {
      path: node.path,
    });
  }
  if (meter.value === value) return;
  meter.value = value;
  ctx.batch.add({ type: 'meter', path: node.path, name: meter.name, value });
}

/** Sets a label's text. */
export function setLabel(ctx: OpContext, node: RuntimeNode, { name, value }: NamedValue<string>): void {
  const label = findByKey(node.labels, name);
  if (label === undefined) throw notFound(`${node.path}:${name}`, 'no such label');
  if (label.value === value) return;
  label.value = value;
  ctx.batch.add({ type: 'label', path: node.path, name: label.name, value });
}

/** Events to their initial value, meters to their minimum, late flag cleared (force queued, ECFLOW-1617). */
export function resetEventsAndMeters(ctx: OpContext, node: RuntimeNode): void {
  for (const event of node.events ?? []) setEvent(ctx, node, { name: event.key, value: event.initial });
  for (const meter of node.meters ?? []) {
    if (meter.value !== meter.min) setMeter(ctx, node, { name: meter.name, value: meter.min });
  }
}
