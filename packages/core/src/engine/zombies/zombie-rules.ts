// ecFlow's zombie rules: types, actions, default lifetimes, which `zombie` attribute applies, which action a
// zombie's child command gets.
import type { CHILD_COMMANDS, ZOMBIE_ACTIONS, ZOMBIE_TYPES } from '@isobar/protocol';
import type { ZombieAttr } from '@isobar/protocol/defs';
import { parentNode, type RuntimeNode, type RuntimeTree } from '../../model/index.js';

/** Why a child command became a zombie (`ecf`, `ecf_pid`, `ecf_passwd`, `ecf_pid_passwd`, `user`, `path`). */
export type ZombieType = (typeof ZOMBIE_TYPES)[number];

/** What is done with a zombie's child commands. */
export type ZombieAction = (typeof ZOMBIE_ACTIONS)[number];

/** A child command name, as zombies record it. */
export type ChildCommand = (typeof CHILD_COMMANDS)[number];

/** How the engine answers a zombie's child command: success without applying, retry later, or fail. */
export type ZombieAnswer = 'ok' | 'block' | 'fail';

/** Default lifetime of `user` zombies, seconds (ecFlow `default_user_zombie_life_time`). */
export const USER_ZOMBIE_LIFETIME = 300;
/** Default lifetime of `path` zombies, seconds. */
export const PATH_ZOMBIE_LIFETIME = 900;
/** Default lifetime of `ecf*` zombies, seconds. */
export const ECF_ZOMBIE_LIFETIME = 3600;
/** Shortest lifetime a `zombie` attribute may give, seconds (ecFlow polls once a minute). */
export const MIN_ZOMBIE_LIFETIME = 60;

/** The rule a zombie follows: from a `zombie` attribute of its task (or an ancestor), else ecFlow's default. */
export interface ZombieRule {
  /** Action; `block` is the default (event/meter/label are still answered with success). */
  readonly action: ZombieAction;
  /** Child commands the action applies to; empty = all. */
  readonly childCommands: readonly string[];
  /** Seconds a zombie lives after it was created. */
  readonly lifetime: number;
}

/** The default lifetime of a zombie type, seconds. */
export function defaultZombieLifetime(type: ZombieType): number {
  if (type === 'user') return USER_ZOMBIE_LIFETIME;
  if (type === 'path') return PATH_ZOMBIE_LIFETIME;
  return ECF_ZOMBIE_LIFETIME;
}

function isZombieAction(action: string): action is ZombieAction {
  return ['fob', 'fail', 'block', 'adopt', 'remove', 'kill'].includes(action);
}

/** The rule of one `zombie` attribute (ecFlow `ZombieAttr`: empty action = block, lifetime at least 60 s). */
export function zombieRuleOf(attr: ZombieAttr, type: ZombieType): ZombieRule {
  const lifetime =
    attr.lifetime === undefined || attr.lifetime <= 0
      ? defaultZombieLifetime(type)
      : Math.max(attr.lifetime, MIN_ZOMBIE_LIFETIME);
  const action = isZombieAction(attr.action) ? attr.action : 'block';
  return { action, childCommands: attr.childCommands, lifetime };
}

/**
 * The rule for a zombie of `type` whose task is `node` (or, for `path` zombies, the closest node that still
 * exists): the first `zombie` attribute of that type on the node or an ancestor wins (ecFlow
 * `findParentZombie`), else the default.
 */
export function findZombieRule(node: RuntimeNode | undefined, type: ZombieType): ZombieRule {
  for (let current = node; current !== undefined; current = parentNode(current)) {
    const attr = current.misc?.zombies?.find((z) => z.type === type);
    if (attr !== undefined) return zombieRuleOf(attr, type);
  }
  return { action: 'block', childCommands: [], lifetime: defaultZombieLifetime(type) };
}

/** The deepest node of `tree` on the way to `path` (the task of a `path` zombie may be gone). */
export function closestNode(tree: RuntimeTree, path: string): RuntimeNode | undefined {
  for (let end = path.length; end > 0; end = path.lastIndexOf('/', end - 1)) {
    const node = tree.index.get(path.slice(0, end));
    if (node !== undefined) return node;
  }
  return undefined;
}

/**
 * The action a zombie's `command` gets: the user's choice when one was made, else the rule's action when it
 * lists that command (or lists none); `block` otherwise.
 */
export function zombieActionFor(
  zombie: { readonly userAction: ZombieAction | undefined; readonly rule: ZombieRule },
  command: ChildCommand,
): ZombieAction {
  if (zombie.userAction !== undefined) return zombie.userAction;
  const { action, childCommands } = zombie.rule;
  return childCommands.length === 0 || childCommands.includes(command) ? action : 'block';
}
