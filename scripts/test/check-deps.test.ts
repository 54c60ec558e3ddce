import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempHome, runProcess, type TempHome } from '@isobar/test-utils';

const script = fileURLToPath(new URL('../check-deps.mjs', import.meta.url));

interface FakePackage {
  folder: string;
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  references?: string[];
}

/** Lays out a minimal workspace with the given packages and a solution tsconfig referencing all of them. */
function writeWorkspace(home: TempHome, packages: FakePackage[]): void {
  for (const pkg of packages) {
    const dir = home.resolve('packages', pkg.folder);
    mkdirSync(dir, { recursive: true });
    const manifest = {
      name: pkg.name,
      version: '0.1.0',
      private: pkg.private,
      dependencies: pkg.dependencies,
      devDependencies: pkg.devDependencies,
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ references: (pkg.references ?? []).map((path) => ({ path })) }),
    );
  }
  const solution = { files: [], references: packages.map((pkg) => ({ path: `packages/${pkg.folder}` })) };
  writeFileSync(home.resolve('tsconfig.json'), JSON.stringify(solution));
}

const protocol: FakePackage = { folder: 'protocol', name: '@isobar/protocol' };
const testUtils: FakePackage = { folder: 'test-utils', name: '@isobar/test-utils', private: true };

async function check(packages: FakePackage[]): Promise<{ code: number | null; stderr: string }> {
  await using home = await createTempHome('isobar-check-deps-');
  writeWorkspace(home, packages);
  const result = await runProcess(process.execPath, { args: [script, '--root', home.path] });
  return { code: result.code, stderr: result.stderr };
}

describe('scripts/check-deps.mjs', () => {
  it('accepts a workspace that follows the rules', async () => {
    const client = {
      folder: 'client',
      name: '@isobar/client',
      dependencies: { '@isobar/protocol': '0.1.0' },
      devDependencies: { '@isobar/test-utils': '0.1.0' },
      references: ['../protocol'],
    };
    const result = await check([protocol, testUtils, client]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('rejects a library that depends on another library', async () => {
    const core = {
      folder: 'core',
      name: '@isobar/core',
      dependencies: { '@isobar/protocol': '0.1.0' },
      references: ['../protocol'],
    };
    const client = {
      folder: 'client',
      name: '@isobar/client',
      dependencies: { '@isobar/core': '0.1.0' },
      references: ['../core'],
    };
    const result = await check([protocol, core, client]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /@isobar\/client: library depends on @isobar\/core/);
  });

  it('rejects a published package that depends on a launcher or a private package', async () => {
    const server = { folder: 'server', name: '@isobar/server' };
    const udp = {
      folder: 'udp',
      name: '@isobar/udp',
      dependencies: { '@isobar/server': '0.1.0', '@isobar/test-utils': '0.1.0' },
      references: ['../server', '../test-utils'],
    };
    const result = await check([protocol, testUtils, server, udp]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /@isobar\/udp: published package depends on the launcher @isobar\/server/);
    assert.match(
      result.stderr,
      /@isobar\/udp: published package has the private package @isobar\/test-utils in dependencies/,
    );
  });

  it('rejects tsconfig references that disagree with package.json', async () => {
    const rest = { folder: 'rest', name: '@isobar/rest', dependencies: { '@isobar/protocol': '0.1.0' } };
    const udp = { folder: 'udp', name: '@isobar/udp', references: ['../protocol'] };
    const result = await check([protocol, rest, udp]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /@isobar\/rest: tsconfig.json lacks a reference to \.\.\/protocol/);
    assert.match(
      result.stderr,
      /@isobar\/udp: tsconfig.json references \.\.\/protocol, which is not a run-time dependency/,
    );
  });

  it('rejects an unclassified package and a protocol with internal dependencies', async () => {
    const stray = { folder: 'stray', name: '@isobar/stray' };
    const badProtocol = { ...protocol, dependencies: { '@isobar/stray': '0.1.0' }, references: ['../stray'] };
    const result = await check([badProtocol, stray]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /@isobar\/stray: packages\/stray has no role/);
    assert.match(result.stderr, /@isobar\/protocol: protocol must not depend on @isobar\/stray/);
  });
});
