import type {
  DefsNode,
  Event as EventAttr,
  Expression,
  Label as LabelAttr,
  Meter as MeterAttr,
  Variable,
} from '@isobar/protocol/defs';
import { MiscAttributes, RuntimeEvent, RuntimeLabel, RuntimeLimit, RuntimeMeter } from './attributes.js';
import { detached, intern } from './intern.js';
import { createRuntimeRepeat } from './repeat-values.js';
import type { RuntimeNode } from './runtime-node.js';

/** A fresh copy of a variable with an interned name. */
export function copyVariable(variable: Variable): Variable {
  return { name: intern(variable.name), value: detached(variable.value) };
}

// Generated suites repeat the same expression texts (`../prev == complete`) in every family: identical parts are
// shared. The parts and their ASTs are never mutated (relative paths are resolved per node when compiled). The
// cache is bounded; clearing it only stops sharing for later builds.
const PARTS_CACHE_LIMIT = 50_000;
const partsCache = new Map<string, Expression['parts']>();
// One-line expressions (nearly all) are keyed by their text alone: no key string is built per node.
const singleCache = new Map<string, Expression['parts']>();

function sharedParts(parts: Expression['parts']): Expression['parts'] {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind === 'first') return sharedSingle(parts, only.text);
  let key = '';
  for (const part of parts) key += `${part.kind}\u0000${part.text}\u0001`;
  const known = partsCache.get(key);
  if (known !== undefined) return known;
  if (partsCache.size >= PARTS_CACHE_LIMIT) partsCache.clear();
  // The cache outlives the definition: its texts must not be slices that keep the whole definition text alive.
  const kept = detachedCopy(parts);
  partsCache.set(key, kept);
  return kept;
}

function sharedSingle(parts: Expression['parts'], text: string): Expression['parts'] {
  const known = singleCache.get(text);
  if (known !== undefined) return known;
  if (singleCache.size >= PARTS_CACHE_LIMIT) singleCache.clear();
  const kept = detachedCopy(parts);
  // Keyed by the kept (detached) text: the parser's text is a slice of the whole definition.
  singleCache.set((kept[0] as Expression['parts'][number]).text, kept);
  return kept;
}

/** A deep copy of plain data whose strings are {@link detached} (keys with `undefined` values are kept). */
function detachedCopy<T>(value: T): T {
  if (typeof value === 'string') return detached(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => detachedCopy(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = detachedCopy(item);
  return copy as T;
}

// A large suite has a trigger per task: the (not free) expression object itself is shared per parts list, so
// expressions held by nodes are never mutated; `withFree` replaces one to change its `free` mark.
const notFree = new WeakMap<Expression['parts'], Expression>();

/**
 * The expression `expression` with its `free` mark set to `free` (the same object when it already has it).
 * Expressions held by runtime nodes may be shared: change the mark with this, never by assignment.
 */
export function withFree(expression: Expression, free: boolean): Expression {
  if (expression.free === free) return expression;
  return free ? { parts: expression.parts, free: true } : sharedNotFree(expression.parts);
}

function sharedNotFree(parts: Expression['parts']): Expression {
  let shared = notFree.get(parts);
  if (shared === undefined) notFree.set(parts, (shared = { parts, free: false }));
  return shared;
}

/** A copy of an expression whose parts are shared with identical expressions (they are never mutated). */
export function copyExpression(expression: Expression | undefined): Expression | undefined {
  if (expression === undefined) return undefined;
  const parts = sharedParts(expression.parts);
  return expression.free ? { parts, free: true } : sharedNotFree(parts);
}

// Nearly every list of a large suite has one item (a task's event, meter, label): a literal is several times
// cheaper than `Array.prototype.map`, and a loop over a sized array does not leave spare capacity.
function listOf<T, R>(items: readonly T[] | undefined, map: (item: T) => R): R[] | undefined {
  if (items === undefined || items.length === 0) return undefined;
  if (items.length === 1) return [map(items[0] as T)];
  const list = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) list[i] = map(items[i] as T);
  return list;
}

// Module-level builders, not arrows inside buildAttributes: a closure made per node and per list is an
// allocation per node that a 100k-task load can do without.
function buildEvent(e: EventAttr): RuntimeEvent {
  return new RuntimeEvent({ name: intern(e.name), number: e.number, initial: e.initial, value: e.value ?? e.initial });
}

function buildMeter(m: MeterAttr): RuntimeMeter {
  return new RuntimeMeter({
    name: intern(m.name),
    min: m.min,
    max: m.max,
    colorChange: m.colorChange,
    value: m.value ?? m.min,
  });
}

function buildLabel(l: LabelAttr): RuntimeLabel {
  const value = detached(l.value);
  return new RuntimeLabel(intern(l.name), value, l.newValue === undefined ? value : detached(l.newValue));
}

/** Copies the attributes of a definition node onto a runtime node, with their current (state dialect) values. */
export function buildAttributes(node: RuntimeNode, def: DefsNode): void {
  node.defstatus = def.defstatus;
  node.variables = listOf(def.variables, copyVariable);
  node.events = listOf(def.events, buildEvent);
  node.meters = listOf(def.meters, buildMeter);
  node.labels = listOf(def.labels, buildLabel);
  node.trigger = copyExpression(def.trigger);
  node.complete = copyExpression(def.complete);
  node.repeat = def.repeat === undefined ? undefined : createRuntimeRepeat(def.repeat);
  node.misc = buildMisc(def);
}

function hasMisc(def: DefsNode): boolean {
  return (
    def.times !== undefined ||
    def.dates !== undefined ||
    def.days !== undefined ||
    def.crons !== undefined ||
    def.late !== undefined ||
    def.limits !== undefined ||
    def.inlimits !== undefined ||
    def.zombies !== undefined ||
    def.queues !== undefined ||
    def.generics !== undefined ||
    def.avisos !== undefined ||
    def.mirrors !== undefined ||
    def.verifies !== undefined ||
    def.autocancel !== undefined ||
    def.autoarchive !== undefined ||
    def.autorestore !== undefined ||
    def.clock !== undefined ||
    def.endclock !== undefined ||
    def.calendar !== undefined
  );
}

function buildMisc(def: DefsNode): MiscAttributes | undefined {
  if (!hasMisc(def)) return undefined;
  const misc = new MiscAttributes();
  const copy = <T extends object>(items: readonly T[] | undefined): T[] | undefined => listOf(items, (i) => ({ ...i }));
  misc.times = copy(def.times);
  misc.dates = copy(def.dates);
  misc.days = copy(def.days);
  misc.crons = copy(def.crons);
  misc.late = def.late === undefined ? undefined : { ...def.late };
  misc.inlimits = copy(def.inlimits);
  misc.limits = listOf(
    def.limits,
    (l) => new RuntimeLimit({ name: intern(l.name), max: l.limit, value: l.value ?? 0, paths: [...(l.paths ?? [])] }),
  );
  misc.zombies = copy(def.zombies);
  misc.queues = copy(def.queues);
  misc.generics = copy(def.generics);
  misc.avisos = copy(def.avisos);
  misc.mirrors = copy(def.mirrors);
  misc.verifies = copy(def.verifies);
  misc.autocancel = def.autocancel;
  misc.autoarchive = def.autoarchive;
  misc.autorestore = def.autorestore;
  misc.clock = def.clock;
  misc.endclock = def.endclock;
  misc.calendar = def.calendar;
  return misc;
}
