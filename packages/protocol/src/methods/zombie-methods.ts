// The zombie list and the user actions on zombies.
import { Type } from '@sinclair/typebox';
import { MAX_ITEMS, boundedArray, closedObject } from '../validation/schema-kit.js';
import { SequenceSchema } from '../tree/node-path.js';
import { ZombieSchema } from '../changes/zombie.js';
import { EmptyArgsSchema, PathsArgsSchema } from './common-schemas.js';
import { defineMethod, type MethodSpec } from './method-spec.js';

const ZombieActionResultSchema = closedObject({
  seq: SequenceSchema,
  affected: Type.Integer({ minimum: 0, description: 'Zombies the action applied to' }),
});

const list = defineMethod({
  description: 'The current zombies.',
  ecflow: 'zombie_get',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({ zombies: boundedArray(ZombieSchema, MAX_ITEMS) }),
  example: {
    args: {},
    result: {
      zombies: [
        {
          id: 'z1',
          path: '/s/t',
          type: 'ecf_passwd',
          command: 'complete',
          tryNo: 1,
          password: 'Xy12abCD',
          rid: '4711',
          calls: 1,
          createdAt: '2026-01-02T03:04:05.000Z',
          lastAt: '2026-01-02T03:04:05.000Z',
          reason: 'password does not match',
        },
      ],
    },
  },
});

function zombieAction(
  action: string,
  meaning: string,
): MethodSpec<typeof PathsArgsSchema, typeof ZombieActionResultSchema> {
  return defineMethod({
    description: `${meaning} (zombies of the given task paths).`,
    ecflow: `zombie_${action}`,
    access: 'operator',
    mutates: true,
    safeToRetry: true,
    args: PathsArgsSchema,
    result: ZombieActionResultSchema,
    example: { args: { paths: ['/s/t'] }, result: { seq: 60, affected: 1 } },
  });
}

/** The zombie methods. */
export const ZOMBIE_METHODS = {
  zombies: list,
  'zombies.fob': zombieAction('fob', 'Answer the zombie’s child commands with success and ignore them'),
  'zombies.fail': zombieAction('fail', 'Answer the zombie’s child commands with an error'),
  'zombies.adopt': zombieAction('adopt', 'Accept the zombie as the real job (its password and rid)'),
  'zombies.block': zombieAction('block', 'Keep the zombie’s child commands waiting'),
  'zombies.remove': zombieAction('remove', 'Forget the zombies'),
  'zombies.kill': zombieAction('kill', 'Run ECF_KILL_CMD for the zombie job'),
};
