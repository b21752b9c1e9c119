import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../src/report/summary.js'
import type { Report } from '../../src/report/report.js'
import { withWarnings } from '../../src/report/warnings.js'

const report = (status: 'success' | 'failure'): Report => ({
  outputs: {} as Report['outputs'],
  summary: { status, title: 'Cloudflare cache purged', scope: 'Zone `x`', sections: [] },
  failure: status === 'failure' ? 'failed' : undefined
})

describe('withWarnings', () => {
  it('leaves a report without warnings as it is', () => {
    const r = report('success')
    expect(withWarnings(r, { unshown: [], all: 0 })).toBe(r)
  })

  it('lists each warning as inert text, and a success becomes a warning', () => {
    const text = renderSummary(
      withWarnings(report('success'), {
        unshown: ['https://a.example/<b>x</b> | `y` *z*', 'two'],
        all: 3
      }).summary
    )
    expect(text).toMatch(/^## ⚠️ Cloudflare cache purged/)
    expect(text).toContain(
      '### 2 warning(s)\n\n- ``https://a.example/<b>x</b> | `y` *z*``\n- `two`'
    )
  })

  it('keeps a failure a failure', () => {
    expect(withWarnings(report('failure'), { unshown: ['w'], all: 1 }).summary.status).toBe(
      'failure'
    )
  })
})

describe('withWarnings, with warnings a section already shows', () => {
  it('lists none again, and still makes a success a warning', () => {
    const summary = withWarnings(report('success'), { unshown: [], all: 2 }).summary
    expect(summary.status).toBe('warning')
    expect(summary.sections).toEqual([])
  })
})
