// Flat config. The import rules are the architecture made checkable: only main/electron/ may
// import Electron; shared/ and renderer/ never import Node.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'child_process', 'net', 'url', 'util'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.tmp/**',
      'release/**',
      'node_modules/**',
      'docs/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only main/electron/ may import electron (it cannot load under plain Node).',
            },
          ],
        },
      ],
    },
  },
  {
    // Type-checked rules where a forgotten promise does harm: the server and the CLI. Only main/,
    // so `npx eslint .` builds one TypeScript program, not one per tier.
    files: ['main/**/*.ts'],
    // main/electron/ is compiled by tsconfig.electron.json, which the project service does not find.
    ignores: ['main/electron/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['main/electron/**', 'test/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**', 'renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'shared/ and renderer/ run in the browser too: no Node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
);
