import type { AttributeKind, NodeFlag, ServerState } from '@isobar/protocol';
import type { NodeStateName } from '@isobar/protocol/defs';

/**
 * The absolute run-time fields of one node: "node X := …". Emitted for every node whose state, suspension,
 * flags or task fields changed, including ancestors whose derived state changed.
 */
export interface NodeChange {
  readonly type: 'node';
  readonly path: string;
  readonly state: NodeStateName;
  readonly suspended: boolean;
  readonly flags: readonly NodeFlag[];
  /** When the state was entered, seconds since the epoch. */
  readonly since: number;
  /** Task/alias only. */
  readonly tryNo?: number;
  readonly password?: string;
  readonly rid?: string;
  readonly abortReason?: string;
  /** Suite only: `begin` has been applied. */
  readonly begun?: boolean;
}

/** `event path:name := value`. */
export interface EventChange {
  readonly type: 'event';
  readonly path: string;
  readonly name: string;
  readonly value: boolean;
}

/** `meter path:name := value`. */
export interface MeterChange {
  readonly type: 'meter';
  readonly path: string;
  readonly name: string;
  readonly value: number;
}

/** `label path:name := value`. */
export interface LabelChange {
  readonly type: 'label';
  readonly path: string;
  readonly name: string;
  readonly value: string;
}

/** `repeat path:name := position` (the value is informative). */
export interface RepeatChange {
  readonly type: 'repeat';
  readonly path: string;
  readonly name: string;
  readonly index: number;
  readonly value: number | string;
}

/** `limit path:name tokens := [paths]`. */
export interface LimitChange {
  readonly type: 'limit';
  readonly path: string;
  readonly name: string;
  readonly value: number;
  readonly paths: readonly string[];
}

/** `trigger|complete of path free := bool` (free-dep; cleared by begin/requeue). */
export interface FreeChange {
  readonly type: 'free';
  readonly path: string;
  readonly expression: 'trigger' | 'complete';
  readonly free: boolean;
}

/**
 * `attributes of kind K of path := value`: the whole list (or single attribute) of one kind, as the protocol
 * `DefsNode` field holds it (with current values), after an `alter` or `free-dep`. Path `/` = server variables.
 */
export interface AttributeChange {
  readonly type: 'attribute';
  readonly path: string;
  readonly attribute: AttributeKind;
  /** JSON of the `DefsNode` field (`undefined` = the node no longer has any). */
  readonly value: unknown;
}

/** A subtree was added (load, replace, `parent` creation): its definition with state. */
export interface AddChange {
  readonly type: 'add';
  /** Path of the new node. */
  readonly path: string;
  /** Position among its siblings. */
  readonly position: number;
  /** `def`: `.def` text (state dialect); `json`: JSON of the protocol `DefsNode`. */
  readonly format: 'def' | 'json';
  readonly text: string;
}

/** A subtree was deleted. */
export interface DeleteChange {
  readonly type: 'delete';
  readonly path: string;
}

/** `children of path := [names]` (order). Path `/` orders suites. */
export interface OrderChange {
  readonly type: 'order';
  readonly path: string;
  readonly names: readonly string[];
}

/** `server state := S`. */
export interface ServerChange {
  readonly type: 'server';
  readonly path: '/';
  readonly state: ServerState;
}

/** Telemetry (job samples, rates): on the feed, never journaled nor replayed. */
export interface TelemetryChange {
  readonly type: 'telemetry';
  readonly path: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The body of a change record (what happened), before it gets its sequence number. */
export type ChangeBody =
  | NodeChange
  | EventChange
  | MeterChange
  | LabelChange
  | RepeatChange
  | LimitChange
  | FreeChange
  | AttributeChange
  | AddChange
  | DeleteChange
  | OrderChange
  | ServerChange
  | TelemetryChange;

/** Fields every record of the change log has. */
export interface ChangeMeta {
  /** Global sequence number, strictly increasing from 1. */
  readonly seq: number;
  /** When it happened, milliseconds since the epoch. */
  readonly at: number;
  /** Never journaled nor replayed (telemetry). */
  readonly ephemeral: boolean;
}

/**
 * One absolute change record: "X := value", never "X += 1", so replaying any suffix of the log twice gives the
 * same tree.
 */
export type ChangeRecord = ChangeBody & ChangeMeta;
