/**
 * `changed_rules`: what a changed file means, one rule per line, `GLOB: TARGET`. The first rule
 * whose glob matches a file (relative to site_dir) decides what it purges: nothing (`skip`), its
 * own URLs (`urls`), everything, or the tags, prefixes, hosts and URLs it names. Every target is
 * checked, and normalized, as the same item given inline would be.
 */
import type { InputIssue } from '../errors.js'
import { itemLabel, type Items, type ZoneRef } from '../model.js'
import { hostOf, zoneFor } from '../plan/routing.js'
import { quote } from '../text.js'
import { compileGlob, globProblem, type Glob } from './globs.js'
import type { Field } from './kit.js'
import { namesOfSeveral } from './zones.js'
import {
  asciiHost,
  hostProblem,
  normalizePrefix,
  normalizeUrl,
  prefixProblem,
  tagProblem,
  urlProblem
} from './rules.js'

/** One rule, as given and as compiled. */
export interface ChangedRule {
  /** Its line in changed_rules, from 1. */
  line: number
  /** The line as given, trimmed. */
  text: string
  glob: Glob
  /** `skip`: a matching file purges nothing. */
  skip: boolean
  /** `urls`: a matching file purges its own URLs too, as a file no rule matches does. */
  own: boolean
  /** `everything`: a matching file purges the whole zone, and that is the step's only purge. */
  everything: boolean
  /** What a matching file purges: `tag:`, `host:`, `prefix:` and `url:` targets, normalized. */
  items: Items
}

const MAX_RULES = 100
const MAX_LINE_CHARS = 2000
const INPUT = 'changed_rules'
const TARGET_HELP = 'skip, urls, everything, tag:NAME, prefix:HOST/PATH, host:HOST or url:URL'
// A comma separates targets only where a new one starts: URLs may hold commas.
const TARGET_START = /^(?:skip|urls|everything|(?:tag|prefix|host|url)\s*:)/i

/** The targets of a rule, split at the commas that start a new one. */
const splitTargets = (text: string): string[] =>
  text.split(',').reduce<string[]>((targets, piece) => {
    const trimmed = piece.trim()
    if (targets.length === 0 || TARGET_START.test(trimmed)) targets.push(trimmed)
    else targets[targets.length - 1] += `,${piece}`
    return targets
  }, [])

/** Adds one target to the rule, or says what is wrong with it. */
const addTarget = (rule: ChangedRule, target: string, fragments: string[]): string | undefined => {
  const word = /^(skip|urls|everything)$/i.exec(target)
  if (word !== null) {
    const name = word[1]!.toLowerCase()
    if (name === 'skip') rule.skip = true
    else if (name === 'urls') rule.own = true
    else rule.everything = true
    return undefined
  }
  const typed = /^(tag|prefix|host|url)\s*:\s*(.*)$/is.exec(target)
  if (typed === null) return `is not a target: use ${TARGET_HELP}`
  const kind = typed[1]!.toLowerCase()
  const value = typed[2]!.trim()
  if (value === '') return `names no ${kind}`
  if (kind === 'tag') {
    const problem = tagProblem(value, 'give each its own target, such as "tag:a, tag:b"')
    if (problem === undefined) rule.items.tags.push(value)
    return problem
  }
  if (kind === 'host') {
    const problem = hostProblem(value)
    if (problem === undefined) rule.items.hosts.push(asciiHost(value))
    return problem
  }
  if (kind === 'prefix') {
    const problem = prefixProblem(value)
    if (problem === undefined) rule.items.prefixes.push(normalizePrefix(value))
    return problem
  }
  const problem = urlProblem(value)
  if (problem !== undefined) return problem
  const { url, fragment } = normalizeUrl(value)
  if (fragment !== '') fragments.push(`${url}${fragment}`)
  rule.items.files.push(url)
  return undefined
}

/** One line as a rule, or undefined with an issue for each thing wrong with it. */
const readRule = (
  text: string,
  line: number,
  issues: InputIssue[],
  fragments: string[]
): ChangedRule | undefined => {
  const issue = (problem: string) => {
    issues.push({ input: INPUT, value: text, problem: `${problem} (line ${line})` })
    return undefined
  }
  if (text.length > MAX_LINE_CHARS)
    return issue(`is ${text.length} characters long; a rule may have at most ${MAX_LINE_CHARS}`)
  const colon = /:\s/.exec(text)
  if (colon === null)
    return issue(
      `is not a rule: write GLOB: TARGET, such as "assets/**/*.css: tag:styles" (TARGET is ${TARGET_HELP})`
    )
  const pattern = text.slice(0, colon.index).trim()
  const globIssue = globProblem(pattern)
  if (globIssue !== undefined)
    return issue(`has the glob ${quote(pattern, 80)}, which ${globIssue}`)
  const rule: ChangedRule = {
    line,
    text,
    glob: compileGlob(pattern),
    skip: false,
    own: false,
    everything: false,
    items: { files: [], tags: [], hosts: [], prefixes: [] }
  }
  const targets = splitTargets(text.slice(colon.index + colon[0].length))
  const before = issues.length
  for (const target of targets) {
    if (target === '') {
      issue('has an empty target: separate several with commas, as "tag:a, tag:b"')
      continue
    }
    const problem = addTarget(rule, target, fragments)
    if (problem !== undefined) issue(`has the target ${quote(target, 100)}, which ${problem}`)
  }
  if (issues.length > before) return undefined
  if ((rule.skip || rule.everything) && targets.length > 1)
    return issue(
      `combines ${rule.skip ? 'skip' : 'everything'} with other targets: ${rule.skip ? 'skip purges nothing' : 'everything purges all of them too'}, so give it alone`
    )
  return rule
}

/**
 * The rules of changed_rules, in order. Blank lines and lines starting with `#` are left out;
 * each problem is an issue naming the rule's line.
 */
export const readChangedRules = (field: Field): ChangedRule[] => {
  const issues: InputIssue[] = []
  const rules = readRules(field.value, issues, field.warn)
  for (const issue of issues) field.issue(issue.problem, issue.value)
  return rules
}

const readRules = (
  text: string,
  issues: InputIssue[],
  warn: (message: string) => void
): ChangedRule[] => {
  const lines = text.split(/\r?\n/).map((line, index) => ({ text: line.trim(), line: index + 1 }))
  const given = lines.filter(({ text }) => text !== '' && !text.startsWith('#'))
  if (given.length > MAX_RULES) {
    issues.push({
      input: INPUT,
      value: '',
      problem: `has ${given.length} rules; at most ${MAX_RULES} are allowed`
    })
    return []
  }
  const fragments: string[] = []
  const rules = given.flatMap(({ text, line }) => readRule(text, line, issues, fragments) ?? [])
  if (fragments.length > 0)
    warn(
      `dropped the #fragment of ${fragments.length} URL(s), such as ${quote(fragments[0]!, 100)}: a browser never sends a fragment, so it is no part of a cache key.`
    )
  return rules
}

/**
 * With several zones all given by name, a rule's host, prefix or URL in none of them is an input
 * mistake, as the same inline item is: named with its rule's line. (With zone IDs, the names
 * come from a lookup, and the purge step routes the targets with the other items.)
 */
export const checkRuleZones = (
  zones: readonly ZoneRef[],
  rules: readonly ChangedRule[],
  issues: InputIssue[]
): void => {
  const names = namesOfSeveral(zones)
  if (names === undefined) return
  for (const rule of rules)
    for (const kind of ['files', 'hosts', 'prefixes'] as const)
      for (const item of rule.items[kind]) {
        const host = hostOf(kind, item) ?? ''
        if (zoneFor(host, names) === undefined)
          issues.push({
            input: INPUT,
            value: rule.text,
            problem: `names ${quote(itemLabel(item), 100)}, whose host ${host || '(none)'} is in none of the zones listed in "zone" (${names.join(', ')}): add its zone, or leave it out (line ${rule.line})`
          })
      }
}

/** What a rule purges, in words: "tag styles, prefix www.example.com/assets/", "everything". */
export const ruleTargets = (rule: ChangedRule): string[] => {
  if (rule.skip) return ['nothing (skip)']
  if (rule.everything) return ['everything']
  const { files, tags, hosts, prefixes } = rule.items
  return [
    ...(rule.own ? ['its own URLs'] : []),
    ...tags.map((tag) => `tag ${tag}`),
    ...prefixes.map((prefix) => `prefix ${prefix}`),
    ...hosts.map((host) => `host ${host}`),
    ...files.map((url) => `URL ${itemLabel(url)}`)
  ]
}
