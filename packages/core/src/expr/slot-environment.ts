import type { ExprFlagName } from '@isobar/protocol/defs';
import type { ExpressionEnvironment, ExprNodeState } from './expr-environment.js';

/**
 * The environment a shared expression shape is evaluated in: its references are slot numbers, and this object
 * maps them to one holder's resolved nodes before delegating to the real environment. One instance serves every
 * evaluation (evaluations are synchronous; {@link SlotEnvironment.run} restores the previous binding, so even a
 * nested one would be correct).
 */
export class SlotEnvironment<Ref> implements ExpressionEnvironment<number> {
  private env: ExpressionEnvironment<Ref> | undefined = undefined;
  private refs: readonly Ref[] = [];
  // A one-slot shape (most triggers: `prev == complete`) binds its node alone, without an array.
  private one: Ref | undefined = undefined;
  private single = false;

  /** Evaluates `read` with slot `i` standing for `refs[i]` in `env`. */
  run(
    env: ExpressionEnvironment<Ref>,
    refs: readonly Ref[],
    read: (slots: ExpressionEnvironment<number>) => boolean,
  ): boolean {
    const previousSingle = this.single;
    const previousRefs = this.refs;
    const previousEnv = this.env;
    this.env = env;
    this.refs = refs;
    this.single = false;
    try {
      return read(this);
    } finally {
      this.env = previousEnv;
      this.refs = previousRefs;
      this.single = previousSingle;
    }
  }

  /** {@link run} for a shape with one slot: slot 0 stands for `ref`. */
  runOne(env: ExpressionEnvironment<Ref>, ref: Ref, read: (slots: ExpressionEnvironment<number>) => boolean): boolean {
    const previousSingle = this.single;
    const previousOne = this.one;
    const previousEnv = this.env;
    this.env = env;
    this.one = ref;
    this.single = true;
    try {
      return read(this);
    } finally {
      this.env = previousEnv;
      this.one = previousOne;
      this.single = previousSingle;
    }
  }

  private at(slot: number): Ref {
    return (this.single ? this.one : this.refs[slot]) as Ref;
  }

  private target(): ExpressionEnvironment<Ref> {
    return this.env as ExpressionEnvironment<Ref>;
  }

  /** ExpressionEnvironment. */
  nodeState(slot: number): ExprNodeState {
    return this.target().nodeState(this.at(slot));
  }

  /** ExpressionEnvironment. */
  eventValue(slot: number, name: string): boolean {
    return this.target().eventValue(this.at(slot), name);
  }

  /** ExpressionEnvironment. */
  meterValue(slot: number, name: string): number {
    return this.target().meterValue(this.at(slot), name);
  }

  /** ExpressionEnvironment. */
  variableValue(slot: number, name: string): string {
    return this.target().variableValue(this.at(slot), name);
  }

  /** ExpressionEnvironment. */
  repeatValue(slot: number, name: string): number {
    return this.target().repeatValue(this.at(slot), name);
  }

  /** ExpressionEnvironment. */
  generatedVariable(slot: number, name: string): string {
    return this.target().generatedVariable(this.at(slot), name);
  }

  /** ExpressionEnvironment. */
  limitValue(slot: number, name: string): number {
    return this.target().limitValue(this.at(slot), name);
  }

  /** ExpressionEnvironment (0 when the real environment has no queues, as a compiled reader reads it). */
  queueValue(slot: number, name: string): number {
    return this.target().queueValue?.(this.at(slot), name) ?? 0;
  }

  /** ExpressionEnvironment. */
  flag(slot: number, flag: ExprFlagName): boolean {
    return this.target().flag(this.at(slot), flag);
  }
}
