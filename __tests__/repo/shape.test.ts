/**
 * The shape of the house: no function in src/ over 60 lines, and main.ts, which only runs the
 * stages in order, at most 100 lines. Measured on the code itself with TypeScript's parser.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : []
  })

/** Every function of a file with its line count: declarations, arrows, expressions, methods. */
const functionsOf = (path: string): { name: string; lines: number }[] => {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: { name: string; lines: number }[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const line = (at: number) => file.getLineAndCharacterOfPosition(at).line
      const named = ts.isVariableDeclaration(node.parent) ? node.parent.name.getText() : undefined
      found.push({
        name: `${relative(SRC, path)}:${line(node.getStart()) + 1} ${named ?? node.name?.getText() ?? '(anonymous)'}`,
        lines: line(node.getEnd()) - line(node.getStart()) + 1
      })
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

describe('the shape of src/', () => {
  it('has no function over 60 lines', () => {
    const long = sources(SRC)
      .flatMap(functionsOf)
      .filter((f) => f.lines > 60)
      .map((f) => `${f.name}: ${f.lines} lines`)
    expect(long).toEqual([])
  })

  it('finds the functions it measures (the check itself can fail)', () => {
    const all = sources(SRC).flatMap(functionsOf)
    expect(all.length).toBeGreaterThan(300)
    expect(all.some((f) => f.name.includes('main.ts') && f.name.endsWith(' run'))).toBe(true)
  })

  it('keeps main.ts at most 100 lines', () => {
    const lines = readFileSync(join(SRC, 'main.ts'), 'utf8').trimEnd().split('\n').length
    expect(lines).toBeLessThanOrEqual(100)
  })
})
