// Typed lint rules matter in async Lambda code (floating promises, misused promises).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.local', 'bench/results.json', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['bin/**', 'bench/**', 'shared/local/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // One-line CommonJS shims of node built-ins for Lambda bundles (lib/bundling.ts, NODE_BUILTINS).
    files: ['shared/aws/builtins/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/aws/builtins/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', process: 'readonly' } },
  },
  {
    // Asymmetric matchers (expect.any(String)) are typed `any` by vitest.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
