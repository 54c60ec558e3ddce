import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrorCode } from '@isobar/protocol';
import { check, parseDefs, parseExpression } from '@isobar/protocol/defs';

const CORPUS = '/work/shared/conformance/ecflow/parser';

/** mulberry32: a small deterministic PRNG, so every run fuzzes the same inputs. */
function createRandom(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * limit);
  };
}

function corpusFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) corpusFiles(path, out);
    else out.push(path);
  }
  return out;
}

/** The only allowed failure: a located DEFS_PARSE_ERROR. Anything else fails the test with the input. */
function expectParsedOrLocated(run: () => unknown, input: string): void {
  try {
    run();
  } catch (error) {
    const details = hasErrorCode(error, 'DEFS_PARSE_ERROR')
      ? (error.details as { line?: unknown; column?: unknown })
      : undefined;
    const located = details !== undefined && Number(details.line) >= 1 && Number(details.column) >= 1;
    assert.ok(located, `unexpected failure for input ${JSON.stringify(input.slice(0, 300))}: ${String(error)}`);
  }
}

function mutate(line: string, random: (limit: number) => number): string {
  const tokens = line.split(/(\s+)/);
  const i = random(tokens.length);
  const j = random(tokens.length);
  switch (random(5)) {
    case 0:
      tokens.splice(i, 1);
      break;
    case 1:
      tokens.splice(i, 0, tokens[j] ?? '');
      break;
    case 2:
      [tokens[i], tokens[j]] = [tokens[j] ?? '', tokens[i] ?? ''];
      break;
    case 3: {
      const at = random(line.length + 1);
      const bytes = Array.from({ length: 1 + random(4) }, () => String.fromCharCode(random(128)));
      return line.slice(0, at) + bytes.join('') + line.slice(at);
    }
    default:
      tokens.splice(i, 0, ['(', ')', 'and', 'or', ':', '<flag>', '==', '/', '..', 'not', '%'][random(11)] ?? '');
  }
  return tokens.join('');
}

const FILES = corpusFiles(CORPUS);
const LINES = FILES.flatMap((file) => readFileSync(file, 'utf8').split('\n'));
const EXPRESSIONS = LINES.flatMap((line) => {
  const match = /^\s*(?:trigger|complete)\s+(?:-[ao]\s+)?([^#]*)/.exec(line);
  return match?.[1] === undefined ? [] : [match[1].trim()];
});

describe('fuzzing the .def and expression parsers (seeded, bounded)', () => {
  it('survives mutated corpus lines and random bytes', () => {
    assert.ok(FILES.length > 100 && EXPRESSIONS.length > 20, 'the ecFlow corpus is present');
    for (const seed of [1, 2, 3]) {
      const random = createRandom(seed);
      for (let round = 0; round < 400; round++) {
        const expression = mutate(EXPRESSIONS[random(EXPRESSIONS.length)] ?? '', random);
        expectParsedOrLocated(() => parseExpression(expression), expression);
        const file = readFileSync(FILES[random(FILES.length)] ?? '', 'utf8').split('\n');
        const at = random(file.length);
        file[at] = mutate(file[at] ?? '', random);
        const text = file.join('\n');
        expectParsedOrLocated(() => check(parseDefs(text, { file: 'fuzz.def' })), text);
        const bytes = Array.from({ length: random(200) }, () => String.fromCharCode(random(256))).join('');
        expectParsedOrLocated(() => parseExpression(bytes), bytes);
        expectParsedOrLocated(() => parseDefs(bytes), bytes);
      }
    }
  });

  it('survives 100,000 nested parentheses and 100,000 nested families', () => {
    const parens = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
    expectParsedOrLocated(() => parseExpression(parens), parens);
    expectParsedOrLocated(() => parseDefs(`suite s\n task t\n  trigger ${parens}\nendsuite\n`), 'nested trigger');
    const depth = 100_000;
    const families = `suite s\n${'family f\n'.repeat(depth)}task t\n  trigger ../t == complete\n${'endfamily\n'.repeat(depth)}endsuite\n`;
    expectParsedOrLocated(() => check(parseDefs(families)), 'nested families');
  });

  it('parses 1 MB lines in time that grows about linearly with their size', () => {
    const clause = 'a:x + 1 >= /s/f/t:YMD and ../b == complete or ';
    const trigger = (bytes: number) => `${clause.repeat(Math.ceil(bytes / clause.length))}1`;
    const defs = (bytes: number) => `suite s\n task b\n task t\n  trigger ${trigger(bytes)}\nendsuite\n`;
    const best = (run: () => unknown) => {
      let fastest = Infinity;
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        expectParsedOrLocated(run, 'large input');
        fastest = Math.min(fastest, Number(process.hrtime.bigint() - start));
      }
      return fastest;
    };
    const small = best(() => parseDefs(defs(125_000)));
    const large = best(() => parseDefs(defs(1_000_000)));
    // 8x the input: linear is ~8x, quadratic ~64x. A generous factor between the two, not a time threshold.
    assert.ok(large < 24 * small + 20e6, `1 MB took ${large} ns, 125 kB took ${small} ns`);
    const garbage = 'x'.repeat(1_000_000);
    expectParsedOrLocated(() => parseDefs(`suite ${garbage}\nendsuite\n`), 'long name');
    expectParsedOrLocated(() => parseExpression(`${garbage} ==`), 'long path');
  });
});
