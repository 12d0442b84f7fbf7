// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { forbiddenImports, layers } from './layers.js';

// The layer order (layers.js) as import rules: a file in src/<folder>/ (at any depth) may not import, by a relative
// path, a folder listed above its own. The relative prefix is exact per depth, so a path is matched only where it
// resolves to that folder. Dynamic import() is not checked; src/targets/mock-process.ts starts `cli/main.js` as a
// process by path, which is not an import (docs/architecture.md).
const unknown = readdirSync(join(import.meta.dirname, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !layers.some((l) => l.folder === d.name))
  .map((d) => `src/${d.name}`);
if (unknown.length) throw new Error(`${unknown.join(', ')}: not in layers.js; add each where it belongs in the layer order`);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rank = (folder) => layers.findIndex((l) => l.folder === folder);
const why = (from, to) =>
  rank(to) < rank(from)
    ? `src/${from} may not import src/${to}: ${to} is above ${from} in the layer order (layers.js, docs/architecture.md); move what both need down to a layer below ${from}`
    : `src/${from} may import ${layers[rank(from)].only.map((f) => `src/${f}`).join(', ') || 'no other folder of src/'} only (layers.js, docs/architecture.md)`;
const layerRules = layers.flatMap(({ folder }) =>
  [1, 2, 3, 4].map((depth) => ({
    files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbiddenImports(folder).map((to) => ({
            regex: `^(\\./)?(\\.\\./){${depth}}(\\.\\./src/)?${escape(to)}(/|$)`,
            message: why(folder, to),
          })),
        },
      ],
    },
  })),
);

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'results/', 'xk6-kube/', '.tools/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Node code is type-checked with tsconfig.json, which the project service finds.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-expressions': 'error',
      // An async function without await is how a throw becomes a rejection where a Promise is promised
      // (TargetProvider.start, RunningTarget.restart, callbacks typed to return a Promise).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The k6 runtime is not in tsconfig.json: it is checked against k6's types (no Node) with tsconfig.k6.json.
    files: ['src/k6/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.k6.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Tests read decoded JSON (API responses, run.json, k6 output) as `any` and assert on it; typing
    // every shape would be churn, and a wrong field fails the assertion anyway.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  ...layerRules,
  {
    // The built-in workloads are written as a user's would be: against the package's public API only.
    files: ['workloads/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./src/(?!workload/index\\.js$)',
              message: "a built-in workload imports only the authoring API, '../src/workload/index.js' (what 'kube-stream-bench' exports)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
