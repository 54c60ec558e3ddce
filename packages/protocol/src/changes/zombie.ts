import { Type, type Static } from '@sinclair/typebox';
import { MAX_SHORT_TEXT_LENGTH, boundedString, closedObject, stringEnum } from '../validation/schema-kit.js';
import { NodePathSchema, TimestampSchema } from '../tree/node-path.js';

/** Why a child command became a zombie (ecFlow's zombie types, reference §5.13). */
export const ZOMBIE_TYPES = ['ecf', 'ecf_pid', 'ecf_passwd', 'ecf_pid_passwd', 'user', 'path'] as const;

/** What is done with a zombie's child commands. */
export const ZOMBIE_ACTIONS = ['fob', 'fail', 'block', 'adopt', 'remove', 'kill'] as const;

/** Child commands, as zombies record them. */
export const CHILD_COMMANDS = ['init', 'complete', 'abort', 'event', 'meter', 'label', 'wait', 'queue'] as const;

/** A zombie: a job whose child commands failed authentication. */
export const ZombieSchema = closedObject({
  id: boundedString(128, { minLength: 1, description: 'Stable id of this zombie' }),
  path: NodePathSchema,
  type: stringEnum(ZOMBIE_TYPES),
  command: stringEnum(CHILD_COMMANDS, { description: 'The last child command received' }),
  tryNo: Type.Integer({ minimum: 0 }),
  password: boundedString(256, { description: 'ECF_PASS the job sent' }),
  rid: boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'ECF_RID the job sent' }),
  action: Type.Optional(stringEnum(ZOMBIE_ACTIONS, { description: 'Action chosen by a user, if any' })),
  calls: Type.Integer({ minimum: 1, description: 'Child commands received from this zombie' }),
  createdAt: TimestampSchema,
  lastAt: TimestampSchema,
  reason: boundedString(MAX_SHORT_TEXT_LENGTH),
});

/** A zombie. */
export type Zombie = Static<typeof ZombieSchema>;
