import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

describe('dist/licenses.txt', () => {
  it('carries the license of every runtime dependency that dist/ bundles', () => {
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean }>
    }
    const names = new Set(
      Object.entries(lock.packages)
        .filter(([path, info]) => path !== '' && info.dev !== true && info.devOptional !== true)
        .map(([path]) => path.replace(/^.*node_modules\//, ''))
    )
    expect(names).toContain('@actions/core')
    expect(names).toContain('zod')
    const text = read('dist/licenses.txt')
    const listed = new Set(text.split('\n\n').map((entry) => entry.split('\n')[0]))
    for (const name of names) expect([name, listed.has(name)]).toEqual([name, true])
    expect(text).toContain('Permission is hereby granted, free of charge')
  })
})
