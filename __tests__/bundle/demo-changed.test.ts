/**
 * `npm run demo:changed` (scripts/demo-changed.js): `changed: true` and `changed:
 * last-success` run offline against the emulator's GitHub companion, on a git repository the demo
 * makes, with runs added and the state reset through the emulator's control paths.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'

describe('npm run demo:changed', () => {
  it('purges what the push changed, then what changed since the last successful run', () => {
    const demo = spawnSync(process.execPath, ['scripts/demo-changed.js'], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        ...(process.env.ACTION_NODE ? { ACTION_NODE: process.env.ACTION_NODE } : {})
      },
      timeout: 60_000
    })
    expect(demo.stderr).toBe('')
    expect(demo.status).toBe(0)
    const [, push, since] = demo.stdout.split(/^=== /m)
    expect(push).toMatch(/^::group::Changed files: 2 between \w{7} and \w{7} /m)
    expect(push).toContain('purged_count = 3\n')
    expect(since).toMatch(/comparing from \w{7}, the commit of run #1, the last successful run/)
    expect(since).toContain('| `public/plans.html` | `renamed from public/pricing.html` |')
    expect(since).toContain('purged_count = 11\n')
  })
})
