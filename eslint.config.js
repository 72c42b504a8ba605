import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**', 'tools/operator-generator/src/operator/files/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', structuredClone: 'readonly' } },
    rules: {
      // Tags are two-dimensional (type and scope): an operator may use libraries, never another
      // operator; libraries use only libraries; e2e may reach everything.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The shared e2e helpers (e2e/src/support, the e2e-support project) are imported by relative
          // path from each operator's e2e project (e2e/src/<op>, a project of its own for nx affected).
          allow: ['../support/**'],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:operator', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:operator'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:streambus', onlyDependOnLibsWithTags: ['scope:shared', 'scope:streambus'] },
            { sourceTag: 'scope:cyclone', onlyDependOnLibsWithTags: ['scope:shared', 'scope:cyclone'] },
            { sourceTag: 'scope:tickstorm', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tickstorm'] },
            { sourceTag: 'scope:tapio', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tapio'] },
            { sourceTag: 'scope:prism', onlyDependOnLibsWithTags: ['scope:shared', 'scope:prism'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
