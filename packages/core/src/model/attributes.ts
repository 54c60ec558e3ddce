import type {
  AutoCleanAttr,
  AvisoAttr,
  ClockAttr,
  CronAttr,
  DateAttr,
  DayAttr,
  GenericAttr,
  InLimit,
  LateAttr,
  MirrorAttr,
  QueueAttr,
  Repeat,
  TimeAttr,
  Verify,
  ZombieAttr,
} from '@isobar/protocol/defs';

/** An event with its current value. */
export class RuntimeEvent {
  /** Name; empty when the event only has a number. */
  name: string;
  /** Number, `undefined` when the event only has a name. */
  number: number | undefined;
  /** Value after begin/requeue (`event e set`). */
  initial: boolean;
  /** Current value. */
  value: boolean;

  constructor(init: Pick<RuntimeEvent, 'name' | 'number' | 'initial' | 'value'>) {
    this.name = init.name;
    this.number = init.number;
    this.initial = init.initial;
    this.value = init.value;
  }

  /** The name an event is addressed by: its name, else its number. */
  get key(): string {
    return this.name !== '' ? this.name : String(this.number);
  }
}

/** A meter with its current value. */
export class RuntimeMeter {
  /** Name. */
  name: string;
  /** Minimum (the value after begin/requeue). */
  min: number;
  /** Maximum. */
  max: number;
  /** Colour-change threshold. */
  colorChange: number;
  /** Current value. */
  value: number;

  constructor(init: Pick<RuntimeMeter, 'name' | 'min' | 'max' | 'colorChange' | 'value'>) {
    this.name = init.name;
    this.min = init.min;
    this.max = init.max;
    this.colorChange = init.colorChange;
    this.value = init.value;
  }
}

/** A label with its current text. */
export class RuntimeLabel {
  constructor(
    /** Name. */
    public name: string,
    /** Text of the definition. */
    public initial: string,
    /** Current text. */
    public value: string,
  ) {}
}

/** A limit: a pool of tokens and the nodes holding them. */
export class RuntimeLimit {
  /** Name. */
  name: string;
  /** Number of tokens. */
  max: number;
  /** Tokens in use. */
  value: number;
  /** Paths of the nodes holding tokens, in order of acquisition. */
  paths: string[];

  constructor(init: Pick<RuntimeLimit, 'name' | 'max' | 'value' | 'paths'>) {
    this.name = init.name;
    this.max = init.max;
    this.value = init.value;
    this.paths = init.paths;
  }
}

/**
 * A repeat and its position. The position is an index for every kind (integer: `start + index * step`, date:
 * `start + index * step` days, lists: the index), so advancing and resetting never parse values.
 */
export class RuntimeRepeat {
  constructor(
    /** The definition (its `current` is ignored: the position is `index`). */
    public def: Repeat,
    /** Position; `count` (one past the end) once the repeat is exhausted. */
    public index: number,
  ) {}
}

/** A time-ish attribute list holder and the rarely used attributes, allocated only when a node has one. */
export class MiscAttributes {
  times: TimeAttr[] | undefined = undefined;
  dates: DateAttr[] | undefined = undefined;
  days: DayAttr[] | undefined = undefined;
  crons: CronAttr[] | undefined = undefined;
  late: LateAttr | undefined = undefined;
  inlimits: InLimit[] | undefined = undefined;
  limits: RuntimeLimit[] | undefined = undefined;
  zombies: ZombieAttr[] | undefined = undefined;
  queues: QueueAttr[] | undefined = undefined;
  generics: GenericAttr[] | undefined = undefined;
  avisos: AvisoAttr[] | undefined = undefined;
  mirrors: MirrorAttr[] | undefined = undefined;
  verifies: Verify[] | undefined = undefined;
  autocancel: AutoCleanAttr | undefined = undefined;
  autoarchive: AutoCleanAttr | undefined = undefined;
  autorestore: readonly string[] | undefined = undefined;
  clock: ClockAttr | undefined = undefined;
  endclock: ClockAttr | undefined = undefined;
  /** State dialect `calendar ...` line of a suite, verbatim. */
  calendar: string | undefined = undefined;
}
