import type { Static } from '@sinclair/typebox';
import { stringEnum } from '../validation/schema-kit.js';

/** Every kind of node attribute the `.def` grammar knows (reference §6), as named in change records. */
export const ATTRIBUTE_KINDS = [
  'variable',
  'event',
  'meter',
  'label',
  'trigger',
  'complete',
  'repeat',
  'limit',
  'inlimit',
  'time',
  'today',
  'date',
  'day',
  'cron',
  'late',
  'defstatus',
  'autocancel',
  'autoarchive',
  'autorestore',
  'zombie',
  'queue',
  'generic',
  'verify',
  'aviso',
  'mirror',
  'clock',
  'endclock',
] as const;

/** Schema of an attribute kind. */
export const AttributeKindSchema = stringEnum(ATTRIBUTE_KINDS, { description: 'Attribute kind' });

/** An attribute kind. */
export type AttributeKind = Static<typeof AttributeKindSchema>;
