// Shared helpers of the persistence tests: temp homes, a suite generator and the state text compared after
// recovery.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDefs, writeDefs } from '@isobar/protocol/defs';
import type { Engine } from '../src/engine/index.js';
import { ContainerNode, toDefs, type RuntimeTree } from '../src/model/index.js';

/** A fresh temp directory for one test; `cleanup` removes it. */
export async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'isobar-persist-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** A suite of `families` x `tasks` tasks, each with an event, a meter and a label, and suite variables N and K. */
export function suiteText(name: string, families: number, tasks: number): string {
  const lines = [`suite ${name}`, '  edit N 0', '  edit K 0', '  limit L 5'];
  for (let f = 0; f < families; f++) {
    lines.push(`  family f${f}`);
    for (let t = 0; t < tasks; t++) {
      lines.push(`    task t${t}`, '      event e', '      meter m 0 100', "      label l ''");
      if (t > 0) lines.push(`      trigger t${t - 1} == complete`);
    }
    lines.push('  endfamily');
  }
  lines.push('endsuite');
  return lines.join('\n') + '\n';
}

/** Loads and begins a suite. */
export function loadSuite(engine: Engine, name: string, size: { families: number; tasks: number }): void {
  engine.load(parseDefs(suiteText(name, size.families, size.tasks), { file: `${name}.def` }));
  engine.begin(name);
}

/** The checkpoint text of a tree: what recovery must reproduce. */
export function stateText(tree: RuntimeTree): string {
  return writeDefs(toDefs(tree), { state: true });
}

/** A small deterministic random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random mutation of a loaded suite: force, meter, label, variable or suspend of a random task. */
export function mutate(engine: Engine, suite: string, random: () => number): void {
  const root = engine.tree.root.children.find((s) => s.name === suite);
  const family = root?.children[Math.floor(random() * root.children.length)];
  const tasks = family instanceof ContainerNode ? family.children : [];
  const task = tasks[Math.floor(random() * tasks.length)];
  const path = task?.path ?? `/${suite}`;
  const pick = Math.floor(random() * 5);
  const value = Math.floor(random() * 100);
  if (pick === 0) engine.force([path], random() < 0.5 ? 'complete' : 'aborted');
  else if (pick === 1) engine.alter([path], { op: 'change', kind: 'meter', name: 'm', value: String(value) });
  else if (pick === 2) engine.alter([path], { op: 'change', kind: 'label', name: 'l', value: `v${value}` });
  else if (pick === 3) engine.alter([`/${suite}`], { op: 'change', kind: 'variable', name: 'N', value: `${value}` });
  else if (random() < 0.5) engine.suspend([path]);
  else engine.resume([path]);
}
