// Flat ESLint config: type-aware typescript-eslint rules, import hygiene (no deep imports, no cycles),
// and the package dependency rule of ARCHITECTURE.md at the import level.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const LIBRARIES = ['protocol', 'core', 'access-log', 'client', 'rest', 'udp', 'console'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'packages/protocol/src/generated/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: globals.node,
    },
    plugins: { 'import-x': importX },
    settings: {
      // eslint-import-resolver-typescript 3.7 and import-x 4.6 resolve with enhanced-resolve (pure JS); later
      // releases need platform binaries that this project's registry does not serve for every platform, which
      // breaks `npm ci`.
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver': {
        typescript: { alwaysTryTypes: true, conditionNames: ['@isobar/source', 'types', 'import', 'default'] },
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'max-params': ['error', 3],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@isobar/*/src/*', '@isobar/*/src', '@isobar/*/dist/*'],
              message: 'Import packages through their exports map only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and scripts may use looser typing around parsed JSON and test fixtures.
    files: ['**/test/**/*.ts', '**/scripts/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
    },
  },
  {
    // Libraries print nothing; only launchers and the CLI's output module write to the console.
    files: LIBRARIES.map((name) => `packages/${name}/src/**/*.ts`),
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@isobar/*/src/*', '@isobar/*/src', '@isobar/*/dist/*'],
              message: 'Import packages through their exports map only.',
            },
            {
              regex: '^@isobar/(?!protocol(/|$))',
              message: 'Libraries depend on @isobar/protocol only (ARCHITECTURE.md, the one dependency rule).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
