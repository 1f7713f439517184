// Boundaries from style.md §4 are lint errors: core/shared never import electron; renderer/shared never
// import node built-ins; React only in the renderer; renderer never imports core directly.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Regexes on the whole specifier: a gitignore-style group would also match this repo's own
// `electron/` folder (or a local file named `events`) inside a relative path.
const noNode = [{ regex: '^(node:.*|fs|fs/promises|path|os|child_process|crypto|net|http|https|url|util|stream|events|worker_threads)$', message: 'No Node built-ins here: this code runs in the renderer sandbox.' }];
const noElectron = { regex: '^electron(/|$)', message: 'electron/core and electron/shared are plain Node: inject Electron facades from electron/main.' };
const noReact = { regex: '^react(-dom)?(/|$)', message: 'React belongs to renderer/ only.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noReact] }] },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noReact, ...noNode] }] },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            ...noNode,
            { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/cli/**'], message: 'The renderer talks to main only through window.api (electron/shared).' },
          ],
        },
      ],
    },
  },
);
