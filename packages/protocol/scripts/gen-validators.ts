// Regenerates what is derived from the schemas: src/generated/validators.ts and the method table of
// docs/protocol.md. Run: npx tsx packages/protocol/scripts/gen-validators.ts (or npm run gen).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { withFreshMethodTable } from './protocol-docs.js';
import { generateValidatorsSource } from './validators-source.js';

const target = fileURLToPath(new URL('../src/generated/validators.ts', import.meta.url));
const docs = fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url));
const started = performance.now();
const source = generateValidatorsSource();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, source);
const elapsed = (performance.now() - started).toFixed(0);
console.log(`gen-validators: wrote ${target} (${source.length} chars) in ${elapsed} ms`);
// Prettier pads the table; format here so `prettier --check` stays clean after a regeneration.
const options = { ...(await prettier.resolveConfig(docs)), filepath: docs };
writeFileSync(docs, await prettier.format(withFreshMethodTable(readFileSync(docs, 'utf8')), options));
console.log(`gen-validators: refreshed the method table of ${docs}`);
