import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'

/**
 * The layers of src/, lowest first: a module may import from its own layer and the ones before
 * it, never from a later one. The spine (model, address, text, log, errors, clock) is below
 * everything.
 */
const LAYERS = [
  ['plan'],
  ['inputs'],
  ['cloudflare', 'http'],
  ['engine'],
  ['sources', 'edge'],
  ['report'],
  ['steps'],
  ['runner'],
  ['main']
]

/** Only the runner's adapters and main.ts talk to @actions/core: every other module is pure. */
const runnerOnly = [
  {
    group: ['@actions/core'],
    message: 'Only src/runner/ and src/main.ts use @actions/core; take a Log instead.'
  }
]

const pathsOf = (/** @type {string} */ name) => [
  `**/${name}/**`,
  `**/${name}.js`,
  `${name}/**`,
  `./${name}.js`
]

/**
 * For each layer, the imports of every later layer are refused.
 * @type {import('eslint').Linter.Config[]}
 */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  files: layer.flatMap((name) => [`src/${name}/**/*.ts`, `src/${name}.ts`]),
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: LAYERS.slice(i + 1)
              .flat()
              .flatMap(pathsOf),
            message: `src/${layer.join(', src/')} is below ${LAYERS.slice(i + 1)
              .flat()
              .join(', ')}: a lower layer never imports a higher one (eslint.config.js, LAYERS).`
          },
          ...(layer.includes('runner') ? [] : runnerOnly)
        ]
      }
    ]
  }
}))

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.ci/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        performance: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error'
    }
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these the plugin reads no .ts file, and sees no cycle at all.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })]
    },
    rules: {
      // A cycle is a layer folded back on itself: refused whatever its imports are (types too).
      'import-x/no-cycle': ['error', { ignoreExternal: true }]
    }
  },
  {
    files: [
      'src/model.ts',
      'src/address.ts',
      'src/text.ts',
      'src/log.ts',
      'src/version.ts',
      'src/errors.ts',
      'src/clock.ts'
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./*/**', '../**', '@actions/*'],
              message:
                'The spine (model, address, text, log, errors, clock, version) imports only from itself.'
            }
          ]
        }
      ]
    }
  },
  ...layerRules,
  {
    files: ['emulator/**', 'scripts/**', '__tests__/**'],
    rules: { 'no-console': 'off' }
  }
)
