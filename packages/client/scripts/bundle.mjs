#!/usr/bin/env node
// Bundles the `isobar` CLI into dist/isobar.mjs with esbuild: one small entry (the fast path of `--version` and
// `ping`) plus chunks that are imported only when a command needs them (yargs, the RPC stack, the .def parser,
// X.509). Sources are read through the "@isobar/source" condition, so no tsc build is needed first.
// Usage: node scripts/bundle.mjs [--quiet] [--outdir DIR]   (tests bundle into a temp dir of their own)
import { chmod, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const CHUNKS = 'isobar-chunks';
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex > 0 ? resolve(process.argv[outdirIndex + 1] ?? 'dist') : join(packageDir, 'dist');

// Bundled CommonJS dependencies (reflect-metadata, tsyringe) call require(); ESM has none, so define one.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __isobarCreateRequire } from 'node:module';",
  'const require = __isobarCreateRequire(import.meta.url);',
].join('\n');

await rm(join(outdir, CHUNKS), { recursive: true, force: true });
const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
const result = await build({
  absWorkingDir: packageDir,
  entryPoints: { isobar: 'src/cli/bin.ts' },
  outdir,
  entryNames: '[name]',
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@isobar/source'],
  banner: { js: banner },
  define: { ISOBAR_CLI_VERSION: JSON.stringify(version) },
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
await chmod(join(outdir, 'isobar.mjs'), 0o755);
if (!process.argv.includes('--quiet')) {
  const outputs = Object.entries(result.metafile.outputs).map(
    ([file, meta]) => `${file} ${(meta.bytes / 1024).toFixed(1)} KiB`,
  );
  console.log(outputs.join('\n'));
}
