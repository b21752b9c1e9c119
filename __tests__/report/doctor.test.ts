import { describe, expect, it } from '@jest/globals'
import { doctorSection, rulesLogLines } from '../../src/report/doctor.js'
import { renderSections } from '../../src/report/summary.js'

describe("the zone's Cache Rules in the log and the summary", () => {
  it('stay a few KB however many rules and names the zone has (200 rules of 20 names each)', () => {
    const names = (p: string) => Array.from({ length: 20 }, (_, i) => `${p}-${'n'.repeat(90)}-${i}`)
    const keys = Array.from({ length: 200 }, (_, i) => ({
      rule: `rule ${i}`,
      headers: names('h'),
      cookies: names('c'),
      query: { only: names('q') }
    }))
    const d = {
      pages: [],
      rules: [{ zoneId: 'a'.repeat(32), rules: { state: 'read' as const, keys } }],
      assetsUnchecked: 0
    }
    const [line] = rulesLogLines(d)
    expect(line!.length).toBeLessThan(20_000)
    expect(line).toContain('and 195 more rule(s)')
    expect(line).toContain('and 12 more')
    expect(renderSections([doctorSection(d)!], 2).length).toBeLessThan(20_000)
  })
})
