import { IsobarError } from '@isobar/protocol';

/** The flag a failed job generation sets on the task (ecFlow's names). */
export type JobFailureFlag = 'edit_failed' | 'no_script' | 'ecfcmd_failed';

/** Where in which file a pre-processing error happened. */
export interface JobErrorPlace {
  /** Script or include file. */
  readonly file?: string;
  /** 1-based line number in that file. */
  readonly line?: number;
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * A job could not be generated or started. `details.flag` says which task flag the failure sets.
 *
 * @example
 * throw jobError('edit_failed', 'undefined variable FOO', { file: '/h/s/t.ecf', line: 3 });
 */
export function jobError(flag: JobFailureFlag, reason: string, place: JobErrorPlace = {}): IsobarError {
  const where = place.file === undefined ? '' : ` (${place.file}${place.line === undefined ? '' : `:${place.line}`})`;
  return new IsobarError('INVALID_ARGUMENT', {
    message: `${reason}${where}`,
    details: {
      flag,
      ...(place.file === undefined ? {} : { file: place.file }),
      ...(place.line === undefined ? {} : { line: place.line }),
    },
    cause: place.cause,
  });
}

/** The task flag carried by an error from the jobs step, `ecfcmd_failed` for any other error. */
export function jobFailureFlag(error: unknown): JobFailureFlag {
  if (error instanceof IsobarError) {
    const flag = error.details?.['flag'];
    if (flag === 'edit_failed' || flag === 'no_script') return flag;
  }
  return 'ecfcmd_failed';
}
