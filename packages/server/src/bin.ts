#!/usr/bin/env node
// The `isobar-server` executable: hands the real process to the CLI and exits with its code.
import { main } from './cli.js';

const code = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  onSignal: (signal, handler) => process.on(signal, handler),
});
process.exit(code);
