import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// Boundary rules from the house style:
// - services in src/main never import electron (only index.ts, window.ts and ipc/register.ts may);
// - src/shared is runtime-neutral: no electron, node:*, react, DOM-only or better-sqlite3;
// - the renderer and the preload never import src/main;
// - only src/renderer/src/api.ts touches window.api.
const restrict = (patterns, message, allowTypeImports = false) => [
  'error',
  { patterns: patterns.map((group) => ({ group: [group], message, allowTypeImports })) }
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
      'tests/fixtures/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/window.ts', 'src/main/ipc/register.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        ['electron', 'electron/*'],
        'Services in src/main never import electron; wire it in src/main/index.ts.',
        true // `import type` is erased at build time
      )
    }
  },
  {
    // the faces translate between their transport and the services: never the database or a raw repository
    files: [
      'src/main/cli.ts',
      'src/main/core.ts',
      'src/main/index.ts',
      'src/main/bridge*.ts',
      'src/main/ipc/**/*.ts',
      'src/main/pdf/**/*.ts',
      'src/main/services/**/*.ts',
      'src/main/register/cli.ts',
      'src/main/register/desk.ts'
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='ws'][property.name=/^(db|schemes|cases|evidence|audit|submissions|decisions|bundleDeps)$/]",
          message: 'A face uses the workspace services (WorkspaceServices), not its database or repositories.'
        }
      ]
    }
  },
  {
    // outside the composition root (workspace.ts), the repositories and the stages, nobody holds the connection:
    // the faces, the case bundle and the register's client get services and repositories passed to them
    files: [
      'src/main/cli.ts',
      'src/main/core.ts',
      'src/main/bridge*.ts',
      'src/main/ipc/**/*.ts',
      'src/main/pdf/**/*.ts',
      'src/main/services/**/*.ts',
      'src/main/bundle/**/*.ts',
      'src/main/register/cli.ts',
      'src/main/register/desk.ts',
      'src/main/log-truth.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', '**/db/connection'],
              message:
                'Only workspace.ts, db/ and the stages open or hold a connection; take a service or repository.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          'electron',
          'node:*',
          'react',
          'react-dom',
          'better-sqlite3',
          '**/main/**',
          '**/renderer/**',
          '**/preload/**'
        ],
        'src/shared is runtime-neutral: pure TypeScript only.'
      )
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': restrict(
        ['electron', 'node:*', 'better-sqlite3', '**/main/**', '**/preload/**'],
        'The renderer reaches the OS only through window.api (api.ts).'
      ),
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'api', message: 'Only src/renderer/src/api.ts touches window.api.' }
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='useAppStore'][arguments.length=0]",
          message:
            'Select what the component needs (usePick, or a narrow selector): a whole-store subscription re-renders on every change.'
        }
      ]
    }
  },
  {
    // IPC only inside store actions: components call actions, which call main and set the state
    files: ['src/renderer/src/features/**/*.{ts,tsx}', 'src/renderer/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api'],
              importNames: ['call', 'subscribe'],
              message: 'IPC only inside store actions: add an action to a slice (src/renderer/src/stores).'
            }
          ]
        }
      ]
    }
  },
  { files: ['src/renderer/src/api.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        ['**/main/**', '**/renderer/**', 'node:*'],
        'The preload builds window.api from the contract and nothing else.'
      )
    }
  }
)
