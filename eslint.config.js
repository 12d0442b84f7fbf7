// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

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
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
