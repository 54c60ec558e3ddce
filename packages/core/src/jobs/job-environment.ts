import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding `isobar-child`, `head.h` and `tail.h` (the package's `share/`). Source and build layouts
 * keep this module two levels below the package root, so the same relative URL works for both.
 */
export const SHARE_DIR: string = fileURLToPath(new URL('../../share', import.meta.url));

/** The folder whose `ecflow_client` is `isobar-child` under ecFlow's name (ISOBAR_ECFLOW_COMPAT=1). */
export const COMPAT_DIR: string = fileURLToPath(new URL('../../share/compat', import.meta.url));

/** The fallback PATH when the given environment has none. */
const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment of jobs built from a base environment (normally the launcher's): `isobar-child` on the PATH,
 * and when the base has `ISOBAR_ECFLOW_COMPAT=1`, Isobar's `ecflow_client` before every other one, so unchanged
 * ecFlow scripts talk to Isobar.
 *
 * @example
 * ```ts
 * const env = jobEnvironment({ PATH: '/usr/bin', ISOBAR_ECFLOW_COMPAT: '1' });
 * // env.PATH === `${COMPAT_DIR}:${SHARE_DIR}:/usr/bin`
 * ```
 */
export function jobEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const first = base['ISOBAR_ECFLOW_COMPAT'] === '1' ? [COMPAT_DIR, SHARE_DIR] : [SHARE_DIR];
  const rest = (base['PATH'] ?? STANDARD_PATH).split(delimiter).filter((dir) => dir !== '' && !first.includes(dir));
  return { ...base, PATH: [...first, ...rest].join(delimiter) };
}
