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
    files: ['test/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The Electron main process is a thin shell: it supervises the server process and never loads
    // the server, the domain, the database or better-sqlite3 (built for Node's ABI, not Electron's).
    files: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'better-sqlite3', message: 'The server process owns the database.' }],
          patterns: [
            {
              group: ['**/server/**', '**/domain/**', '**/db/**', '**/server/*', '**/domain/*', '**/db/*'],
              message: 'main/electron/ talks to the server process over shared/server-protocol.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/electron/status-page.js'],
    languageOptions: { globals: { ...globals.browser } },
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
