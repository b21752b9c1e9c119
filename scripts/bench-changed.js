// @ts-check
/**
 * The changed files and changed_rules of the issue that made matching slow (round four, B4):
 * paths of 270 characters, rules of 250, within the documented limits (100 rules, lines of at
 * most 2,000 characters, at most 3,000 files from the compare API). No rule matches any path, so
 * every file is tried against every rule: the most work first-match-wins can do. Used by
 * `npm run bench` and by the glob tests, which count the work instead of timing it.
 */

/** Letters to pad a name with, so that no two names share a long prefix by accident. */
const pad = (/** @type {string} */ seed, /** @type {number} */ length) => {
  let h = [...seed].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 7919, 17)
  return Array.from(
    { length },
    () => 'abcdefghijklmnopqrstuvwxyz'[(h = (h * 73 + 11) % 7919) % 26]
  ).join('')
}

/**
 * `count` rules of `length` characters each: half look for a folder anywhere with a page in any
 * folder below (`** /docs/reference/area-N/…/** /*.html`), half for a file name anywhere.
 * @returns {string} changed_rules, one rule a line
 */
export const ruleLines = (count = 100, length = 250) =>
  Array.from({ length: count }, (_, i) => {
    const target = `: tag:area-${i}`
    const line =
      i % 2 === 0
        ? /** @type {(p: string) => string} */ (p) => `**/docs/reference/area-${i}/${p}/**/*.html`
        : /** @type {(p: string) => string} */ (p) => `*-${p}-${i}.html`
    const room = length - line('').length - target.length
    return `${line(pad(String(i), room))}${target}`
  }).join('\n')

/**
 * `count` paths of `length` characters under public/: pages deep in the docs, in folders and
 * with names no rule names.
 * @returns {string[]}
 */
export const changedPaths = (count = 800, length = 270) =>
  Array.from({ length: count }, (_, j) => {
    const head = `public/docs/reference/section-${j % 40}/`
    const file = `/page-${j}.html`
    const folders = []
    let size = head.length + file.length
    for (let k = 0; size + 21 < length; k++, size += 21)
      folders.push(`topic-${k % 7}-${pad(`${j}-${k}`, 12)}`)
    folders.push(`part-${pad(`${j}`, length - size - 5)}`)
    return `${head}${folders.join('/')}${file}`
  })
