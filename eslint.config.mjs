// ESLint flat config: the recommended JavaScript and typescript-eslint sets, type-aware so that a promise
// nobody awaits (a check or a test step that silently never finishes) is an error. Prettier owns the
// formatting, so eslint-config-prettier comes last and turns off the rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['reports/', 'test-results/', 'playwright-report/', 'blob-report/', 'contracts/', 'fixtures/pages/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Part of recommendedTypeChecked already; named here so that nobody turns them off unawares.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Playwright reads a test's fixtures from the destructuring of its first parameter: `async ({}, testInfo)`
      // is how a test says it needs none, so an empty pattern is allowed there (and only as a parameter).
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      // `const { $id: _ignored, ...content } = schema` is the idiom for a copy without one key.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  // The config files are plain JavaScript outside tsconfig.json: lint them without type information.
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
);
