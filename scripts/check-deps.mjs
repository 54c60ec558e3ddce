#!/usr/bin/env node
// Enforces the one dependency rule of ARCHITECTURE.md by machine:
//  - libraries depend on no @isobar package but @isobar/protocol (and protocol on none);
//  - no published package depends on a launcher at run time;
//  - no private package is a run-time dependency of a published one;
//  - each package's tsconfig.json references exactly its internal run-time dependencies, and the root
//    solution tsconfig.json references every package;
//  - every workspace package is classified below, and internal ranges name the workspace version.
// Usage: node scripts/check-deps.mjs [--root DIR]. Exits 1 and lists every problem when one is found.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package folder name → role. */
export const ROLES = {
  protocol: 'library',
  core: 'library',
  'access-log': 'library',
  client: 'library',
  rest: 'library',
  udp: 'library',
  console: 'library',
  server: 'launcher',
  'rest-bridge': 'launcher',
  'udp-bridge': 'launcher',
  'test-utils': 'private',
  integration: 'private',
};

const RUNTIME_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

function readJson(path) {
  // tsconfig files may carry comments; strip // and /* */ comments outside strings conservatively.
  const text = readFileSync(path, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return JSON.parse(text);
}

function loadWorkspace(root) {
  const packages = [];
  for (const group of ['packages', 'examples']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const folder of readdirSync(base)) {
      const manifestPath = join(base, folder, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const tsconfigPath = join(base, folder, 'tsconfig.json');
      packages.push({
        group,
        folder,
        dir: join(base, folder),
        manifest: readJson(manifestPath),
        tsconfig: existsSync(tsconfigPath) ? readJson(tsconfigPath) : undefined,
      });
    }
  }
  return packages;
}

function roleOf(pkg) {
  if (pkg.group === 'examples') return 'private';
  return ROLES[pkg.folder];
}

function internalDeps(manifest, fields, names) {
  const found = new Map();
  for (const field of fields) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (names.has(name)) found.set(name, { field, range });
    }
  }
  return found;
}

/** Returns the list of problems found in the workspace at `root`. */
export function checkDependencies(root) {
  const problems = [];
  const packages = loadWorkspace(root);
  const byName = new Map(packages.map((pkg) => [pkg.manifest.name, pkg]));
  const names = new Set(byName.keys());

  for (const pkg of packages) {
    const name = pkg.manifest.name;
    const role = roleOf(pkg);
    if (role === undefined) {
      problems.push(
        `${name}: packages/${pkg.folder} has no role in scripts/check-deps.mjs ROLES (library, launcher or private)`,
      );
      continue;
    }
    if (role === 'private' && pkg.manifest.private !== true) {
      problems.push(
        `${name}: is a ${pkg.group === 'examples' ? 'example' : 'private package'} but package.json lacks "private": true`,
      );
    }
    if (role !== 'private' && pkg.manifest.private === true) {
      problems.push(`${name}: is a published ${role} but package.json has "private": true`);
    }
    const runtime = internalDeps(pkg.manifest, RUNTIME_FIELDS, names);
    for (const [dep, { field, range }] of runtime) {
      const target = byName.get(dep);
      const targetRole = roleOf(target);
      if (role === 'library' && dep !== '@isobar/protocol') {
        problems.push(`${name}: library depends on ${dep} (${field}); libraries may depend on @isobar/protocol only`);
      }
      if (name === '@isobar/protocol') problems.push(`${name}: protocol must not depend on ${dep}`);
      if (role !== 'private' && targetRole === 'launcher') {
        problems.push(`${name}: published package depends on the launcher ${dep} (${field})`);
      }
      if (role !== 'private' && targetRole === 'private') {
        problems.push(`${name}: published package has the private package ${dep} in ${field}; use devDependencies`);
      }
      const version = target.manifest.version;
      if (range !== version && range !== `^${version}` && range !== '*') {
        problems.push(`${name}: ${field}.${dep} is "${range}" but the workspace version is ${version}`);
      }
    }
    problems.push(...checkReferences(pkg, runtime, byName));
  }
  problems.push(...checkSolution(root, packages));
  return problems;
}

function checkReferences(pkg, runtime, byName) {
  if (pkg.tsconfig === undefined) return [];
  const problems = [];
  const referenced = new Set((pkg.tsconfig.references ?? []).map((ref) => normalize(resolve(pkg.dir, ref.path))));
  const expected = new Set(
    [...runtime.keys()]
      .filter((dep) => byName.get(dep).tsconfig !== undefined)
      .map((dep) => normalize(byName.get(dep).dir)),
  );
  for (const dir of expected) {
    if (!referenced.has(dir))
      problems.push(`${pkg.manifest.name}: tsconfig.json lacks a reference to ${relative(pkg.dir, dir)}`);
  }
  for (const dir of referenced) {
    if (!expected.has(dir)) {
      problems.push(
        `${pkg.manifest.name}: tsconfig.json references ${relative(pkg.dir, dir)}, which is not a run-time dependency in package.json`,
      );
    }
  }
  return problems;
}

function checkSolution(root, packages) {
  const solutionPath = join(root, 'tsconfig.json');
  if (!existsSync(solutionPath)) return ['tsconfig.json (solution) is missing'];
  const referenced = new Set(
    (readJson(solutionPath).references ?? []).map((ref) => normalize(resolve(root, ref.path))),
  );
  return packages
    .filter((pkg) => pkg.group === 'packages' && pkg.tsconfig !== undefined && !referenced.has(normalize(pkg.dir)))
    .map((pkg) => `tsconfig.json (solution) lacks a reference to ${relative(root, pkg.dir)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const rootIndex = process.argv.indexOf('--root');
  const root = rootIndex > 0 ? resolve(process.argv[rootIndex + 1]) : fileURLToPath(new URL('..', import.meta.url));
  const problems = checkDependencies(root);
  if (problems.length > 0) {
    console.error(`check-deps: ${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log('check-deps: dependency rules hold');
}
