import { IsobarError } from '@isobar/protocol';

/** When checkpoints are written automatically, as ecFlow's `--check_mode`. */
export type CheckpointMode =
  { readonly kind: 'always' } | { readonly kind: 'on_time'; readonly seconds: number } | { readonly kind: 'never' };

/** ecFlow's default: every 120 seconds. */
export const DEFAULT_CHECKPOINT_MODE: CheckpointMode = Object.freeze({ kind: 'on_time', seconds: 120 });

/**
 * Parses `always`, `never`, `on_time` (120 s) or `on_time:N` (N seconds, at least 1).
 *
 * @example
 * ```ts
 * parseCheckpointMode('on_time:600'); // { kind: 'on_time', seconds: 600 }
 * ```
 */
export function parseCheckpointMode(text: string): CheckpointMode {
  if (text === 'always' || text === 'never') return { kind: text };
  if (text === 'on_time') return DEFAULT_CHECKPOINT_MODE;
  const match = /^on_time:(\d+)$/.exec(text);
  const seconds = match === null ? NaN : Number(match[1]);
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw new IsobarError('INVALID_ARGUMENT', {
      message: `checkpoint mode '${text}' is not always, never, on_time or on_time:SECONDS`,
      details: { field: 'checkpoint', value: text },
    });
  }
  return { kind: 'on_time', seconds };
}
