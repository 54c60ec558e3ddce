// The engine emits exactly the protocol's change records (`ChangeRecord` of @isobar/protocol). This file only
// names the unnumbered form of a record, and the few things operations report in their own vocabulary, which
// `ChangeBatch` turns into protocol records.
import type { AttributeKind, ChangeRecord, ChangeRecordOf, ChangeRecordType, ServerState } from '@isobar/protocol';

export type { ChangeRecord } from '@isobar/protocol';

/** A record without the fields the change log adds (`seq`, `at`). Distributes over unions. */
export type Unnumbered<R> = R extends unknown ? Omit<R, 'seq' | 'at'> : never;

/** The body of a change record: what happened, before the change log numbers and stamps it. */
export type ChangeBody = Unnumbered<ChangeRecord>;

/** The body of one record type. */
export type ChangeBodyOf<T extends ChangeRecordType> = Unnumbered<ChangeRecordOf<T>>;

/** `limit path:name := value tokens held by paths` (a `limit.tokens` record, or the limit's line when they differ). */
export interface LimitOpChange {
  readonly type: 'limit';
  readonly path: string;
  readonly name: string;
  readonly value: number;
  readonly paths: readonly string[];
}

/** A trigger or complete expression was freed (`free-dep`) or un-freed (begin/requeue): `attribute.status`. */
export interface FreeOpChange {
  readonly type: 'free';
  readonly path: string;
  readonly expression: 'trigger' | 'complete';
  readonly free: boolean;
}

/**
 * Every attribute of one kind of a node after an `alter`, `free-dep` or `load` (path `/` = server variables):
 * the value of the protocol `DefsNode` field, `undefined` when none is left. Becomes `attribute.*` records.
 */
export interface AttributeOpChange {
  readonly type: 'attribute';
  readonly path: string;
  readonly attribute: AttributeKind;
  readonly value: unknown;
}

/** A subtree was added at `position` among its siblings; `text` is `StructureCodec.encode`'s: `node.added`. */
export interface AddOpChange {
  readonly type: 'add';
  readonly path: string;
  readonly position: number;
  readonly format: 'def' | 'json';
  readonly text: string;
}

/** A subtree was deleted: `node.deleted`. */
export interface DeleteOpChange {
  readonly type: 'delete';
  readonly path: string;
}

/** The children of a container (or `/`) are now in this order: `node.ordered`. */
export interface OrderOpChange {
  readonly type: 'order';
  readonly path: string;
  readonly names: readonly string[];
}

/** The server state changed: `server.state`. */
export interface ServerOpChange {
  readonly type: 'server';
  readonly path: '/';
  readonly state: ServerState;
}

/**
 * What an operation reports to its `ChangeBatch`: a protocol record body, or one of the few changes whose
 * records the batch derives from the tree (attribute lines, expression texts, parent paths).
 */
export type OpChange =
  | ChangeBody
  | LimitOpChange
  | FreeOpChange
  | AttributeOpChange
  | AddOpChange
  | DeleteOpChange
  | OrderOpChange
  | ServerOpChange;
