import { parseDefs, writeNode, type DefsNode } from '@isobar/protocol/defs';
import { IsobarError } from '@isobar/protocol';
import type { StructureCodec } from './structure-codec.js';

// Families and tasks are not valid at the top of a definition: they are parsed inside a placeholder suite.
const WRAPPER = '__isobar_add__';

/**
 * Carries subtrees as `.def` text in the state dialect (`writeNode`/`parseDefs`): what the journal stores, and
 * what a person can read.
 */
export const defTextStructureCodec: StructureCodec = Object.freeze({
  format: 'def' as const,
  // The writer builds a rope of many small pieces; a flat copy is far smaller to keep in the ring buffer.
  encode: (node: DefsNode) => Buffer.from(writeNode(node, { state: true }), 'utf8').toString('utf8'),
  decode: (text: string): DefsNode => {
    const suiteFirst = text.startsWith('suite ');
    const source = suiteFirst ? text : `defs_state STATE\nsuite ${WRAPPER}\n${text}endsuite\n`;
    const defs = parseDefs(suiteFirst ? `defs_state STATE\n${source}` : source, { file: '<change record>' });
    const node = suiteFirst ? defs.suites[0] : defs.suites[0]?.children?.[0];
    if (node === undefined)
      throw new IsobarError('CORRUPT_FILE', { details: { file: '<change record>', reason: 'empty subtree' } });
    return node;
  },
});
