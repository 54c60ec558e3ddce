import { createRequire } from 'node:module';
import type * as HttpsModule from 'node:https';

const require = createRequire(import.meta.url);
let loaded: typeof HttpsModule | undefined;

/**
 * `node:https`, loaded on first use: a client of plain `http://` URLs (the CLI's `isobar ping` on loopback)
 * never pays for loading TLS.
 */
export function loadHttps(): typeof HttpsModule {
  loaded ??= require('node:https') as typeof HttpsModule;
  return loaded;
}
