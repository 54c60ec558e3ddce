import type { DefsNode } from '@isobar/protocol/defs';

/**
 * How `add` records carry a subtree. The `.def` text codec (writeNode/parseDefs of `@isobar/protocol/defs`)
 * is the journal format; the JSON codec needs nothing and is the fallback.
 */
export interface StructureCodec {
  /** The `format` written into `add` records. */
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
