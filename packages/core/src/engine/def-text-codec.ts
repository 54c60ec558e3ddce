import { createNode, parseDefs, writeNode, type DefsNode, type NodeKind } from '@isobar/protocol/defs';
import { IsobarError } from '@isobar/protocol';
import type { StructureCodec } from './structure-codec.js';

// Families and tasks are not valid at the top of a definition: they are parsed inside a placeholder suite.
const WRAPPER = '__isobar_add__';
const SOURCE = '<change record>';

function decodeSubtree(text: string): DefsNode {
  const suiteFirst = text.startsWith('suite ');
  const source = suiteFirst ? `defs_state STATE\n${text}` : `defs_state STATE\nsuite ${WRAPPER}\n${text}endsuite\n`;
  const defs = parseDefs(source, { file: SOURCE });
  const node = suiteFirst ? defs.suites[0] : defs.suites[0]?.children?.[0];
  if (node === undefined) throw new IsobarError('CORRUPT_FILE', { details: { file: SOURCE, reason: 'empty subtree' } });
  return node;
}

/**
 * Carries subtrees as `.def` text in the state dialect (`writeNode`/`parseDefs`): what `node.added` records and
 * the journal carry, and what a person can read.
 */
export const defTextStructureCodec: StructureCodec = Object.freeze({
  format: 'def' as const,
  // The writer builds a rope of many small pieces; a flat copy is far smaller to keep in the ring buffer.
  encode: (node: DefsNode) => Buffer.from(writeNode(node, { state: true }), 'utf8').toString('utf8'),
  decode: decodeSubtree,
});

// Aliases carry the attributes of tasks; a task line is what the placeholder suite accepts.
function carrierKind(kind: NodeKind): NodeKind {
  return kind === 'alias' ? 'task' : kind;
}

/**
 * The `.def` text (state dialect, without indentation) of the attributes in `fill`'s fields, as written for a node
 * of `kind`: one line per attribute, except expressions written over several lines (`trigger -a`).
 *
 * @example
 * ```ts
 * attributeText('task', (n) => (n.meters = [meter])); // 'meter m 0 100 100'
 * ```
 */
export function attributeText(kind: NodeKind, fill: (node: DefsNode) => void): string {
  const carrier = createNode(carrierKind(kind), 'x');
  fill(carrier);
  const lines = writeNode(carrier, { state: true }).split('\n');
  const end = `end${carrier.kind}`;
  const body = lines.slice(1).map((line) => line.replace(/^\s+/, ''));
  return body.filter((line) => line !== '' && line !== end).join('\n');
}

/**
 * Parses attribute lines (as {@link attributeText} writes them) into the fields of an otherwise empty node of
 * `kind`.
 *
 * @throws IsobarError `DEFS_PARSE_ERROR` when the text is not valid for that node kind.
 */
export function parseAttributeText(kind: NodeKind, text: string): DefsNode {
  const carrier = carrierKind(kind);
  const end = carrier === 'task' ? '' : `end${carrier}\n`;
  return decodeSubtree(`${carrier} x\n${text}\n${end}`);
}
