/**
 * `zombie type:action:child_cmds:lifetime`, e.g. `zombie user:fob:init,complete:300`.
 */
export interface ZombieAttr {
  /** Zombie type: `ecf`, `ecf_pid`, `ecf_passwd`, `ecf_pid_passwd`, `user`, `path`. */
  type: string;
  /** Action: `fob`, `fail`, `remove`, `adopt`, `block`, `kill`; empty = default. */
  action: string;
  /** Child commands the rule applies to (empty = all). */
  childCommands: readonly string[];
  /** Lifetime in seconds; `undefined` when left empty. */
  lifetime: number | undefined;
}

/**
 * `queue NAME v1 v2 ...`. State dialect: `# index state state ...`.
 */
export interface QueueAttr {
  /** Queue name. */
  name: string;
  /** Queue items. */
  values: readonly string[];
  /** State dialect text after `#` (index then the item states), verbatim. */
  state: string | undefined;
}

/** `generic NAME v1 v2 ...` — opaque key/values kept for tools. */
export interface GenericAttr {
  /** Name. */
  name: string;
  /** Values. */
  values: readonly string[];
}

/**
 * `aviso --name N --listener '<json>' [--url U] [--schema S] [--polling P] [--revision R] [--auth A] [--reason R]`.
 * Option values are kept as written (including quotes on the listener).
 */
export interface AvisoAttr {
  /** `--name`. */
  name: string;
  /** `--listener` (quoted JSON text, as written). */
  listener: string;
  /** `--url`. */
  url: string | undefined;
  /** `--schema`. */
  schema: string | undefined;
  /** `--polling`. */
  polling: string | undefined;
  /** `--revision`. */
  revision: string | undefined;
  /** `--auth`. */
  auth: string | undefined;
  /** `--reason`. */
  reason: string | undefined;
}

/**
 * `mirror --name N --remote_path P [--remote_host H] [--remote_port P] [--polling S] [--ssl] [--auth A] [--reason R]`.
 */
export interface MirrorAttr {
  /** `--name`. */
  name: string;
  /** `--remote_path`. */
  remotePath: string;
  /** `--remote_host`. */
  remoteHost: string | undefined;
  /** `--remote_port`. */
  remotePort: string | undefined;
  /** `--polling`. */
  polling: string | undefined;
  /** `--ssl`. */
  ssl: boolean;
  /** `--auth`. */
  auth: string | undefined;
  /** `--reason`. */
  reason: string | undefined;
}
