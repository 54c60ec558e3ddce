// The CLI's version without importing anything: scripts/bundle.mjs defines ISOBAR_CLI_VERSION from this
// package's package.json (lock-step with ISOBAR_VERSION), so `isobar --version` loads no other module.
declare const ISOBAR_CLI_VERSION: string | undefined;

/** This package's version, or `dev` when run unbundled. */
export const CLI_VERSION: string = typeof ISOBAR_CLI_VERSION === 'string' ? ISOBAR_CLI_VERSION : 'dev';
