// `check(defs)`: ecFlow's pre-load checks (references, limits, autorestore) plus structural sanity.
export type { CheckFinding, CheckOptions, ResolvedCheckOptions } from './check-types.js';
export { resolveCheckOptions } from './check-types.js';
export { check, assertValid } from './check.js';
