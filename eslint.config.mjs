// ESLint (flat config): typescript-eslint's recommended rules, without type information so that
// it stays fast (`npm run lint` runs it and dependency-cruiser in CI). Formatting is not linted:
// the code base keeps its own layout and is never mass-reformatted.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is left out on purpose (`const { id: _id, ...rest } = row`),
      // and a caught error may go unread (`catch (e)` where the failure itself is the answer).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
      // Off: class constructors are typed `Function` where the libraries do so (TypeORM's entity
      // lists and relation targets, Nest's handler maps); a narrower type would only be cast back.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // A module adds its permission names to the kit's PermissionNames by augmentation:
      // `interface PermissionNames extends NamesOf<typeof X_PERMISSIONS> {}` (src/common/access/permissions.ts).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Comments quote full-width punctuation of Chinese text (e.g. what NFKC makes of it).
      'no-irregular-whitespace': ['error', { skipComments: true, skipStrings: true, skipTemplates: true, skipRegExps: false }],
    },
  },
  {
    // Tests, scripts and benchmarks read GraphQL answers and JSON bodies as loose records.
    files: ['test/**', 'scripts/**', 'bench/**', 'examples/**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain CommonJS configuration files run by Node.
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain ES modules run by Node without a build (scripts/notice-verify.mjs).
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', fetch: 'readonly' } },
  },
);
