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

  /** Evaluates `read` with slot `i` standing for `refs[i]` in `env`. */
  run(
    env: ExpressionEnvironment<Ref>,
    refs: readonly Ref[],
    read: (slots: ExpressionEnvironment<number>) => boolean,
  ): boolean {
    const previousEnv = this.env;
    const previousRefs = this.refs;
    this.env = env;
    this.refs = refs;
    try {
      return read(this);
    } finally {
      this.env = previousEnv;
      this.refs = previousRefs;
    }
  }

  private target(): ExpressionEnvironment<Ref> {
    return this.env as ExpressionEnvironment<Ref>;
  }

  /** ExpressionEnvironment. */
  nodeState(slot: number): ExprNodeState {
    return this.target().nodeState(this.refs[slot] as Ref);
  }

  /** ExpressionEnvironment. */
  eventValue(slot: number, name: string): boolean {
    return this.target().eventValue(this.refs[slot] as Ref, name);
  }

  /** ExpressionEnvironment. */
  meterValue(slot: number, name: string): number {
    return this.target().meterValue(this.refs[slot] as Ref, name);
  }

  /** ExpressionEnvironment. */
  variableValue(slot: number, name: string): string {
    return this.target().variableValue(this.refs[slot] as Ref, name);
  }

  /** ExpressionEnvironment. */
  repeatValue(slot: number, name: string): number {
    return this.target().repeatValue(this.refs[slot] as Ref, name);
  }

  /** ExpressionEnvironment. */
  generatedVariable(slot: number, name: string): string {
    return this.target().generatedVariable(this.refs[slot] as Ref, name);
  }

  /** ExpressionEnvironment. */
  limitValue(slot: number, name: string): number {
    return this.target().limitValue(this.refs[slot] as Ref, name);
  }

  /** ExpressionEnvironment (0 when the real environment has no queues, as a compiled reader reads it). */
  queueValue(slot: number, name: string): number {
    return this.target().queueValue?.(this.refs[slot] as Ref, name) ?? 0;
  }

  /** ExpressionEnvironment. */
  flag(slot: number, flag: ExprFlagName): boolean {
    return this.target().flag(this.refs[slot] as Ref, flag);
  }
}
