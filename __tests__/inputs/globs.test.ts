/**
 * The glob matcher of changed_include, changed_exclude and changed_rules: it answers as the
 * automaton it replaced did, on any pattern and any path (property), and its work on the paths
 * and rules of a real site is near the path's length, where the automaton's was the path's
 * length times the pattern's. Work is counted, not timed (npm run bench times it).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { compileGlob, globProblem, globWork } from '../../src/inputs/globs.js'
import { automatonGlob, automatonWork } from '../__fixtures__/glob-automaton.js'
import { changedPaths, ruleLines } from '../../scripts/bench-changed.js'

const segment = fc.constantFrom(
  'a',
  'b',
  '.',
  '*',
  '**',
  '***',
  '?',
  'ab',
  'a*',
  '*b',
  'a?b',
  '*a*',
  '?*',
  '*?*',
  'a*b*a',
  'é',
  '😀',
  '?😀',
  'x.html',
  ''
)
const pattern = fc
  .tuple(
    fc.constantFrom('', '/', './'),
    fc.array(segment, { minLength: 1, maxLength: 6 }),
    fc.boolean()
  )
  .map(([lead, parts, trail]) => `${lead}${parts.join('/')}${trail ? '/' : ''}`)
  .filter((p) => globProblem(p) === undefined)
const name = fc.constantFrom(
  'a',
  'b',
  'ab',
  'ba',
  'aab',
  'abab',
  'aXbYa',
  '.a',
  'a.b',
  'x.html',
  'x',
  '',
  'é',
  '😀',
  'a😀',
  '\uD83D',
  '\uDE00a',
  'a\nb'
)
/** Paths as the compare API lists them, and paths no real one is: "", "//", lone surrogates. */
const path = fc.oneof(
  fc.array(name, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/')),
  fc.string({
    unit: fc.constantFrom('a', 'b', '/', '.', '😀', '\uD83D', '\uDE00', 'é'),
    maxLength: 20
  })
)

describe('the glob matcher', () => {
  it('answers as the automaton it replaced, on any pattern and path (property)', () => {
    fc.assert(
      fc.property(pattern, path, (p, f) => {
        expect(compileGlob(p).test(f)).toBe(automatonGlob(p).test(f))
      }),
      { numRuns: 20_000 }
    )
  })

  it('answers as the automaton when each rule in turn tests the same path (property)', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 5 }), path, (ps, f) => {
        const globs = ps.map(compileGlob)
        expect(globs.map((g) => g.test(f))).toEqual(ps.map((p) => automatonGlob(p).test(f)))
      }),
      { numRuns: 2_000 }
    )
  })

  it('never works more than the automaton bound: the path times the pattern (property)', () => {
    fc.assert(
      fc.property(pattern, path, (p, f) => {
        expect(globWork(p, f)).toBeLessThanOrEqual((p.length + 2) * (f.length + 2) * 2)
      }),
      { numRuns: 5_000 }
    )
  })

  it("does a few units of work a rule on the issue's paths (270 characters) and rules (250), not the path times the rule", () => {
    const patterns = ruleLines(100, 250)
      .split('\n')
      .map((line) => line.slice(0, line.indexOf(': ')))
    const paths = changedPaths(10, 270).map((path) => path.slice('public/'.length))
    let work = 0
    let automaton = 0
    for (const path of paths)
      for (const pattern of patterns) {
        expect(compileGlob(pattern).test(path)).toBe(false)
        const one = globWork(pattern, path)
        expect(one).toBeLessThanOrEqual(path.length)
        work += one
        automaton += automatonWork(pattern, path)
      }
    // The automaton visited every state for every code point: 130,000 units a rule here.
    expect(automaton / (paths.length * patterns.length)).toBeGreaterThan(100_000)
    expect(work * 1000).toBeLessThan(automaton)
  })

  it('refuses a pattern of nothing but slashes, which would match only an empty path', () => {
    for (const empty of ['//', './/', '///', './//']) expect(globProblem(empty)).toBe('is empty')
  })
})
