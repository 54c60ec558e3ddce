// ecflow_ui's state colours on a terminal: unknown grey, complete yellow, queued light blue, submitted
// turquoise, active green, aborted red, suspended orange; server states RUNNING green, SHUTDOWN pink, HALTED
// violet. Colour only when stdout is a terminal and NO_COLOR is unset (FORCE_COLOR forces it).

/** 256-colour palette indices per state name. */
const STATE_COLOURS: Readonly<Record<string, number>> = {
  unknown: 250,
  complete: 226,
  queued: 117,
  submitted: 44,
  active: 46,
  aborted: 196,
  suspended: 208,
  RUNNING: 46,
  SHUTDOWN: 213,
  HALTED: 135,
};

/** Paints text, or returns it unchanged when colour is off. */
export interface Painter {
  readonly enabled: boolean;
  /** Text in the colour of a node or server state. */
  state(state: string, text?: string): string;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

/** Whether to colour output for this environment and stream. */
export function isColourEnabled(env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0') return true;
  return isTty && env['TERM'] !== 'dumb';
}

/** Creates a {@link Painter}. */
export function createPainter(enabled: boolean): Painter {
  const sgr = (open: string, text: string): string => (enabled ? `\u001b[${open}m${text}\u001b[0m` : text);
  return {
    enabled,
    state: (state, text = state) => {
      const colour = STATE_COLOURS[state];
      return colour === undefined ? text : sgr(`38;5;${colour}`, text);
    },
    bold: (text) => sgr('1', text),
    dim: (text) => sgr('2', text),
    red: (text) => sgr('31', text),
    green: (text) => sgr('32', text),
  };
}

/** Length of `text` as displayed (escape sequences excluded). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex -- matching the escape sequences this module writes
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
