// Entry point of the `isobar` command (bundled to dist/isobar.mjs). Hot commands take the fast path; everything
// else loads the yargs program on demand, so `isobar --version` and `isobar ping` never pay for it.
import { runFastPath } from './fast-path.js';
import { processIo } from './io.js';

// `isobar get | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
const io = processIo();
const fast = runFastPath(args, io);
const exitCode = fast === undefined ? await (await import('./main.js')).runCli(args, io) : await fast;
process.exitCode = exitCode;
