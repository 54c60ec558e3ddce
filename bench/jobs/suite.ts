// The benchmark suite of bench/jobs, laid out in a server home: the same .def text and the same task scripts for
// Isobar and ecFlow, except for the job-side client each script calls (isobar-child or ecflow_client) and the
// head.h/tail.h in the home's include directory (Isobar's share/ ones, or ecFlow's tutorial ones).
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Shape of the benchmark suite. */
export interface JobsSuiteOptions {
  /** Families in the suite. @default 10 */
  readonly families?: number;
  /** Tasks per family. @default 100 */
  readonly tasksPerFamily?: number;
  /** Tokens of the suite's limit `L`, which every family is in. @default 50 */
  readonly limit?: number;
}

/** {@link JobsSuiteOptions} with every default applied. */
export type ResolvedJobsSuiteOptions = Required<JobsSuiteOptions>;

/** Name of the benchmark suite. */
export const SUITE = 'jobs';

/** Applies the defaults of {@link JobsSuiteOptions}. */
export function resolveJobsSuiteOptions(options: JobsSuiteOptions = {}): ResolvedJobsSuiteOptions {
  return {
    families: options.families ?? 10,
    tasksPerFamily: options.tasksPerFamily ?? 100,
    limit: options.limit ?? 50,
  };
}

const taskName = (t: number): string => `t${String(t).padStart(2, '0')}`;

/** The .def text: `limit L <limit>`, families with `inlimit /jobs:L`, tasks with a meter `m 0 100`. */
export function jobsSuiteText(includeDir: string, options: ResolvedJobsSuiteOptions): string {
  const lines = [`suite ${SUITE}`, `  edit ECF_INCLUDE '${includeDir}'`, `  limit L ${options.limit}`];
  for (let f = 0; f < options.families; f++) {
    lines.push(`  family f${f}`, `    inlimit /${SUITE}:L`);
    for (let t = 0; t < options.tasksPerFamily; t++) lines.push(`    task ${taskName(t)}`, '      meter m 0 100');
    lines.push('  endfamily');
  }
  lines.push('endsuite', '');
  return lines.join('\n');
}

/** Where a target's job-side files come from. */
export interface JobSide {
  /** The client command the scripts call for the meter (`isobar-child` or `ecflow_client`). */
  readonly client: string;
  /** Directory holding the `head.h` and `tail.h` to use. */
  readonly includes: string;
}

/**
 * Writes the include files to `<home>/include` and one script per task at its ECF_SCRIPT location
 * (`<home>/jobs/fN/tNN.ecf`); returns the .def text.
 */
export async function layOutHome(home: string, side: JobSide, options: ResolvedJobsSuiteOptions): Promise<string> {
  const includeDir = join(home, 'include');
  await mkdir(includeDir, { recursive: true });
  for (const file of ['head.h', 'tail.h']) await copyFile(join(side.includes, file), join(includeDir, file));
  const script = ['%include <head.h>', `${side.client} --meter=m 50`, '%include <tail.h>', ''].join('\n');
  for (let f = 0; f < options.families; f++) {
    const dir = join(home, SUITE, `f${f}`);
    await mkdir(dir, { recursive: true });
    for (let t = 0; t < options.tasksPerFamily; t++) await writeFile(join(dir, `${taskName(t)}.ecf`), script);
  }
  return jobsSuiteText(includeDir, options);
}
