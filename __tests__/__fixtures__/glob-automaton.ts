/**
 * The glob matcher as it was before round four (B4): a Thompson automaton that keeps every state
 * a pattern can be in, one code point of the path at a time. Its answers are right and its work
 * is the path's length times the pattern's, always: kept here, frozen, as the reference the
 * faster matcher of src/inputs/globs.ts must agree with (the property in inputs/globs.test.ts).
 */

/**
 * One step of a compiled glob: a literal code point, `?` (one code point but "/"), `*` (any run
 * without "/"), a non-final `**` segment (any number of whole folders: empty, or anything that
 * ends with "/"), or a final `**` (anything).
 */
const ONE = { kind: 'one' } as const
const STAR = { kind: 'star' } as const
const DIRS = { kind: 'dirs' } as const
const ANY = { kind: 'any' } as const
type Step = { kind: 'char'; char: string } | typeof ONE | typeof STAR | typeof DIRS | typeof ANY

/** The steps of a pattern (see compileGlob), with `**` folders in a row made one. */
const stepsOf = (pattern: string): Step[] => {
  const anchored = pattern.startsWith('./') || pattern.slice(0, -1).includes('/')
  let body = pattern.replace(/^\.?\/+/, '')
  if (body.endsWith('/')) body += '**'
  if (!anchored) body = `**/${body}`
  const segments = body.split('/').filter((segment) => segment !== '')
  const steps: Step[] = []
  const add = (step: Step) => {
    const previous = steps.at(-1)
    // Folders then folders, or folders then anything, are just that: fewer states, same language.
    if (previous === DIRS && (step === DIRS || step === ANY)) steps.pop()
    steps.push(step)
  }
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '**') {
      add(last ? ANY : DIRS)
      return
    }
    for (const part of segment.split(/(\*+|\?)/))
      if (part === '?') add(ONE)
      else if (part.startsWith('*')) add(STAR)
      else for (const char of part) add({ kind: 'char', char })
    if (!last) add({ kind: 'char', char: '/' })
  })
  return steps
}

/**
 * Runs the steps over `path`, one code point at a time, keeping every state the pattern can be
 * in (a Thompson automaton, as RE2 does): the work is the path's length times the number of
 * steps at most, whatever the pattern, where a backtracking regular expression of nested
 * `(?:[^/]*\/)*` takes exponential time. Returns whether it matched and the states visited.
 */
const run = (steps: readonly Step[], path: string): { matched: boolean; work: number } => {
  const m = steps.length
  // ready[i]: the next step is i; inside[i]: within a folder that the `**` step i must finish.
  let ready = new Uint8Array(m + 1)
  let inside = new Uint8Array(m + 1)
  let nextReady = new Uint8Array(m + 1)
  let nextInside = new Uint8Array(m + 1)
  let work = 0
  // Steps that may match nothing let the state after them be reached at once.
  const close = (states: Uint8Array) => {
    for (let i = 0; i < m; i++) {
      work++
      if (states[i] === 1 && steps[i]!.kind !== 'char' && steps[i] !== ONE) states[i + 1] = 1
    }
  }
  ready[0] = 1
  close(ready)
  for (const char of path) {
    nextReady.fill(0)
    nextInside.fill(0)
    let any = false
    const slash = char === '/'
    for (let i = 0; i <= m; i++) {
      work++
      if (inside[i] === 1) {
        if (slash) nextReady[i] = 1
        else nextInside[i] = 1
        any = true
      }
      if (ready[i] !== 1 || i === m) continue
      const step = steps[i]!
      if (step.kind === 'char') {
        if (step.char === char) nextReady[i + 1] = 1
      } else if (step === ONE) {
        if (!slash) nextReady[i + 1] = 1
      } else if (step === STAR) {
        if (!slash) nextReady[i] = 1
      } else if (step === ANY) nextReady[i] = 1
      else if (slash) nextReady[i] = 1
      else nextInside[i] = 1
      any = true
    }
    if (!any) return { matched: false, work }
    close(nextReady)
    ;[ready, nextReady] = [nextReady, ready]
    ;[inside, nextInside] = [nextInside, inside]
  }
  return { matched: ready[m] === 1, work }
}

/**
 * Compiles a pattern, in the manner of .gitignore: `*` and `?` match within one folder name, `**`
 * as a whole segment matches any number of folders (none included); a pattern without `/` matches
 * a file name in any folder; a leading `/` or `./` anchors it to site_dir; a trailing `/` matches
 * everything below that folder. Call only on a pattern without a problem.
 */
export const automatonGlob = (pattern: string): { test: (path: string) => boolean } => {
  const steps = stepsOf(pattern)
  return { test: (path) => run(steps, path).matched }
}

/** The states one match visits: what the tests bound, in place of a time. */
export const automatonWork = (pattern: string, path: string): number =>
  run(stepsOf(pattern), path).work
