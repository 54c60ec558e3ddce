// Requests as ecFlow writes them in its log: `--force=complete /s/t :user@host` for user commands,
// `chd:complete /s/f/t` for child commands. Operators who grep ecFlow logs for `--force` or `chd:abort` keep
// doing so; the arguments are spelled the way ecflow_client takes them.
type Args = Readonly<Record<string, unknown>>;

/** Who sent a request: the user (absent for child commands and anonymous calls) and the peer's address. */
export interface CommandRequester {
  readonly user?: string | undefined;
  readonly host?: string | undefined;
}

// Never written to the log: secrets, and definitions and scripts (large; the load line names the file instead).
const HIDDEN_ARGS = new Set(['password', 'newPassword', 'token', 'text', 'script', 'variables']);
const MAX_VALUE_LENGTH = 200;

const str = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
};
const paths = (args: Args): string[] => (Array.isArray(args['paths']) ? args['paths'].map(str) : []);
const when = (condition: unknown, word: string): string[] => (condition === true ? [word] : []);
const opt = (value: unknown): string[] => (value === undefined ? [] : [str(value)]);
const path = (args: Args): string => str(args['path']);

const yes = (name: string) => (): string[] => [`--${name}=yes`];
const onPaths = (name: string) => (args: Args) => [`--${name}`, ...paths(args)];

/** The words of user commands that ecflow_client spells differently from a generic `--method key=value`. */
const USER_FORMATS: Readonly<Record<string, (args: Args) => readonly string[]>> = {
  load: (a) => [`--load=${str(a['file'] ?? '-')}`, ...when(a['force'], 'force'), ...when(a['checkOnly'], 'check_only')],
  replace: (a) => [`--replace=${path(a)}`, str(a['file'] ?? '-'), ...when(a['createParents'], 'parent')],
  delete: (a) => ['--delete', ...when(a['force'], 'force'), ...paths(a)],
  begin: (a) => [a['suite'] === undefined ? '--begin' : `--begin=${str(a['suite'])}`, ...when(a['force'], '--force')],
  requeue: (a) => ['--requeue', ...opt(a['mode']), ...paths(a)],
  force: (a) => [
    `--force=${str(a['to'])}`,
    ...when(a['recursive'], 'recursive'),
    ...when(a['full'], 'full'),
    ...paths(a),
  ],
  run: (a) => ['--run', ...when(a['force'], 'force'), ...paths(a)],
  freeDep: (a) => ['--free-dep', ...opt(a['kind']), ...paths(a)],
  order: (a) => [`--order=${path(a)}`, str(a['how'])],
  alter: (a) => [
    '--alter',
    str(a['action']),
    ...opt(a['type'] ?? a['flag']),
    ...opt(a['name']),
    ...opt(a['value']),
    ...paths(a),
  ],
  suspend: onPaths('suspend'),
  resume: onPaths('resume'),
  kill: onPaths('kill'),
  status: onPaths('status'),
  archive: onPaths('archive'),
  restore: onPaths('restore'),
  halt: yes('halt'),
  shutdown: yes('shutdown'),
  terminate: yes('terminate'),
  restart: () => ['--restart'],
  checkpoint: (a) => [a['mode'] === undefined ? '--check_pt' : `--check_pt=${str(a['mode'])}`],
  restoreFromCheckpoint: () => ['--restore_from_checkpt'],
  msg: (a) => [`--msg=${str(a['text'])}`],
  log: (a) => [`--log=${str(a['action'])}`, ...opt(a['lines'] ?? a['path'])],
};

/** Child commands: `chd:<name> …` with the task path, as ecFlow's task commands print themselves. */
const CHILD_FORMATS: Readonly<Record<string, (args: Args) => readonly string[]>> = {
  init: (a) => ['init', path(a)],
  complete: (a) => ['complete', path(a)],
  // Two spaces before the reason, as ecFlow writes it.
  abort: (a) => ['abort', `${path(a)} `, str(a['reason'] ?? '')],
  event: (a) => ['event', str(a['name']), a['value'] === false ? '0' : '1', path(a)],
  meter: (a) => ['meter', str(a['name']), str(a['value']), path(a)],
  label: (a) => ['label', str(a['name']), `'${str(a['value'])}'`, path(a)],
  wait: (a) => ['wait', str(a['expression']), path(a)],
  queue: (a) => ['queue', str(a['queue']), ...opt(a['action']), ...opt(a['step']), path(a)],
};

function genericWords(method: string, args: Args): string[] {
  const words = [`--${method}`];
  for (const [key, value] of Object.entries(args)) {
    if (HIDDEN_ARGS.has(key) || value === undefined) continue;
    words.push(key === 'paths' ? paths(args).join(' ') : `${key}=${str(value)}`);
  }
  return words;
}

/**
 * The MSG text of a request in ecFlow's spelling: `--force=complete /s/t :ada@10.0.0.7`, `chd:init /s/f/t`.
 * Methods ecflow_client has no spelling for become `--<method> key=value …`. Passwords, tokens and definition or
 * script texts are never included.
 *
 * @example
 * ```ts
 * formatCommandLine('force', { to: 'complete', paths: ['/s/t'] }, { user: 'ada' }); // '--force=complete /s/t :ada'
 * formatCommandLine('child.init', { path: '/s/t', password: 'x', rid: '42', tryNo: 1 }); // 'chd:init /s/t'
 * ```
 */
export function formatCommandLine(method: string, args: unknown, who: CommandRequester = {}): string {
  const named: Args = typeof args === 'object' && args !== null ? (args as Args) : {};
  if (method.startsWith('child.')) {
    const name = method.slice('child.'.length);
    const format = CHILD_FORMATS[name];
    return `chd:${(format === undefined ? [name, path(named)] : format(named)).join(' ')}`;
  }
  const format = USER_FORMATS[method];
  const words = format === undefined ? genericWords(method, named) : format(named);
  const user =
    who.user === undefined || who.user === '' ? '' : ` :${who.user}${who.host === undefined ? '' : `@${who.host}`}`;
  return `${words.join(' ')}${user}`;
}
