// ESLint (flat config): typescript-eslint's recommended rules, the React hooks rules, and the project's
// layering rules (who may import whom; docs/ARCHITECTURE.md). Prettier formats; ESLint does not.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_UI = { group: ['**/ui/**'], message: 'The engine does not import the page (src/ui).' };
const UI_TYPES_ONLY = {
  group: ['**/ui/**'],
  allowTypeImports: true,
  message: 'A lab’s engine takes only its settings *type* from its schema: `import type { …Settings } from …/ui/labs/<lab>/schema.ts`.',
};
const NO_CLI = {
  group: ['**/cli/*', '!**/cli/args.ts'],
  message: 'Labs do not import src/cli: the Node entry points import the labs, not the other way round.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'experiments/', '.gpu-kit/', 'bench/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/{era,lab,gpu,util,perf,bench}/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_UI] }] },
  },
  {
    files: ['src/{classify,control,tokens}/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [UI_TYPES_ONLY, NO_CLI] }] },
  },
);
