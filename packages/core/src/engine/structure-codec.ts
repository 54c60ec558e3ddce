import type { DefsNode } from '@isobar/protocol/defs';

/**
 * How `node.added` records carry a subtree. The `.def` text codec (writeNode/parseDefs of `@isobar/protocol/defs`)
 * is the protocol's and the journal's format; the JSON codec is for in-process use (`applyChange` tells its
 * texts apart by their leading `{`).
 */
export interface StructureCodec {
  /** The text format. */
  readonly format: 'def' | 'json';
  /** Encodes a subtree (with run-time state). */
  encode(node: DefsNode): string;
  /** Decodes what `encode` produced back into the protocol model. */
  decode(text: string): DefsNode;
}

/** Carries subtrees as JSON of the protocol `DefsNode` model. */
export const jsonStructureCodec: StructureCodec = Object.freeze({
  format: 'json' as const,
  encode: (node: DefsNode) => JSON.stringify(node),
  decode: (text: string) => JSON.parse(text) as DefsNode,
});
