// The parser and writer take shortcuts on big files (slices instead of joined words, one AST per distinct
// expression text, output built in chunks). These tests pin that every shortcut gives what the general path
// gives, including after the expression memo switches itself off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefs, parseExpression, writeDefs, type DefsNode } from '../src/defs/index.js';

function tasks(text: string): DefsNode[] {
  return parseDefs(text).suites[0]?.children ?? [];
}

describe('defs fast paths', () => {
  it('reads single-spaced and irregularly spaced words alike', () => {
    const [plain, spaced] = tasks(
      [
        'suite s',
        '  task a',
        '    label l "x y z"',
        '    trigger b == complete and c:e',
        '  task b',
        '    label\tl   "x \t y  z"  ',
        '    trigger  b  ==\tcomplete   and c:e  # note',
        'endsuite',
      ].join('\n'),
    );
    assert.deepEqual(plain?.labels, spaced?.labels);
    assert.equal(spaced?.labels?.[0]?.value, 'x y z');
    assert.deepEqual(plain?.trigger, spaced?.trigger);
    assert.equal(spaced?.trigger?.parts[0]?.text, 'b == complete and c:e');
  });

  it('joins continued trigger lines without their backslashes', () => {
    const [t] = tasks(
      'suite s\n  task t\n    trigger a == complete \\\n      and b == complete\\\n or c:e\nendsuite\n',
    );
    assert.equal(t?.trigger?.parts[0]?.text, 'a == complete and b == complete or c:e');
  });

  it('gives every trigger the AST of its own text, shared or not', () => {
    // 5,000 distinct texts first (the memo gives up on them), then repeated ones.
    const lines = ['suite s'];
    for (let i = 0; i < 5000; i++) lines.push(`  task d${i}`, `    trigger /s/x${i} == complete or d${i}:e`);
    for (let i = 0; i < 200; i++) lines.push(`  task r${i}`, `    trigger r${i % 7}:m > ${i % 3}`);
    const all = tasks(lines.join('\n') + '\nendsuite\n');
    assert.equal(all.length, 5200);
    for (const t of all) {
      const part = t.trigger?.parts[0];
      assert.ok(part);
      assert.deepEqual(part.ast, parseExpression(part.text));
    }
  });

  it('still rejects a bad trigger that repeats a good one with extra text', () => {
    const text = 'suite s\n  task a\n    trigger b == complete\n  task b\n    trigger b == complete ==\nendsuite\n';
    assert.throws(() => parseDefs(text), { code: 'DEFS_PARSE_ERROR' });
  });

  it('writes a big definition (many output chunks) exactly', () => {
    const lines = ['suite big'];
    for (let f = 0; f < 40; f++) {
      lines.push(`  family f${f}`);
      for (let t = 0; t < 100; t++) {
        lines.push(
          `    task t${t}`,
          `      label info "task ${t}\\nof ${f}"`,
          `      meter m 0 ${t + 1}`,
          '      event 1 e',
        );
      }
      lines.push('  endfamily');
    }
    lines.push('endsuite');
    const written = writeDefs(parseDefs(lines.join('\n')));
    const expected = lines.map((line) => (line.startsWith('      meter') ? `${line} ${line.split(' ').pop()}` : line));
    assert.equal(written, `#5.9.2\n${expected.join('\n')}\n# enddef\n`);
  });
});
