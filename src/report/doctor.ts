/**
 * What the doctor found, for the log and the job summary: one row per page that did not come
 * back as it should (page, cause, what the action did, what to do), and what the zone's Cache
 * Rules put in the cache key. Outside text (URLs, header and rule names) only in code spans.
 */
import {
  CACHE_RULES_PERMISSION,
  type CacheRules,
  type KeyParts
} from '../cloudflare/cache-rules.js'
import type { Diagnosis, Page } from '../edge/doctor.js'
import { escapeLine, quote } from '../text.js'
import { cell, code, tableHead, tableRow } from './markdown.js'
import type { Row, Section } from './summary.js'

/** A page is a problem when still stale, refilled with the old version and not mended, or broken. */
export const isStale = (page: Page): boolean =>
  page.check.verdict === 'stale' || (page.cause?.kind === 'old' && page.did?.mended !== true)

export const problems = (d: Diagnosis): Page[] =>
  d.pages.filter((p) => isStale(p) || p.broken.length > 0 || p.did?.mended === true)

const rulesOf = (d: Diagnosis, page: Page): CacheRules | undefined =>
  d.rules.find((r) => r.zoneId === page.zoneId)?.rules

const keyed = (keys: KeyParts[]) => ({
  headers: [...new Set(keys.flatMap((k) => k.headers))],
  cookies: [...new Set(keys.flatMap((k) => k.cookies))],
  query: keys.some((k) => k.query !== undefined)
})

/** What to do about a page the purge did not cover, from what the zone's rules say. */
const uncoveredTodo = (rules: CacheRules | undefined, show: (t: string) => string): string => {
  const every = 'or purge by tag, prefix or host, which covers every variant'
  if (rules?.state !== 'read' || rules.keys.length === 0)
    return `Purge the exact cache entry visitors get (its query string, the {"url", "headers"} variant), check that a tag purge's tag is in the page's Cache-Tag, ${every}.`
  const { headers, cookies, query } = keyed(rules.keys)
  const parts = [
    headers.length > 0
      ? `send each URL as {"url", "headers"} with the header(s) ${headers.map(show).join(', ')} that make up the cache key, one object per variant`
      : '',
    cookies.length > 0
      ? `the cookie(s) ${cookies.map(show).join(', ')} split the key, which a URL purge cannot name`
      : '',
    query ? 'purge each query string variant by its full URL' : ''
  ].filter((p) => p !== '')
  return `${parts.join('; ')}; ${every}.`
}

const todoOf = (d: Diagnosis, page: Page, show: (t: string) => string): string => {
  if (page.did?.mended === true)
    return 'Nothing now. Set wait_for_url so that the purge waits for the deploy next time.'
  if (page.cause?.kind === 'not covered') return uncoveredTodo(rulesOf(d, page), show)
  if (page.cause?.kind === 'old')
    return 'Purge it again once the origin serves the new version; set wait_for_url so that the purge waits for the deploy.'
  if (page.broken.length > 0)
    return page.cause?.kind === 'new'
      ? 'Deploy the missing files again (or purge them, if the edge keeps an error for them).'
      : 'Purge the page again so that it points at the new files, and keep the old files a while after each deploy.'
  return 'Look at the page yourself: the check could not tell why.'
}

const causeText = (page: Page): string => {
  const parts: string[] = []
  if (page.cause !== undefined && page.cause.kind !== 'new') parts.push(page.cause.detail)
  else if (page.check.verdict === 'stale') parts.push(page.check.detail)
  for (const b of page.broken.slice(0, 3))
    parts.push(`points at ${b.url}, which answers HTTP ${b.status}`)
  if (page.broken.length > 3) parts.push(`and ${page.broken.length - 3} more missing file(s)`)
  return parts.join('; ')
}

/** A page as checked: its URL, and the headers of its variant when it has some. */
export const pageName = (page: Page): string =>
  `${page.check.url}${Object.keys(page.check.headers).length === 0 ? '' : ` ${JSON.stringify(page.check.headers)}`}`

/** The most rules, and names of one kind in a rule, one line says: a zone may have hundreds. */
const SHOWN_RULES = 5
const SHOWN_NAMES = 8

/** What the zone's Cache Rules say, one line for the summary. */
const rulesLine = (zoneId: string, rules: CacheRules, show: (t: string) => string): string => {
  const zone = `Zone ${show(zoneId)}`
  switch (rules.state) {
    case 'none':
      return `${zone} has no Cache Rules: its cache key is the default (the URL, query string included).`
    case 'refused':
      return `The Cache Rules of zone ${show(zoneId)} were not read: the token lacks the permission ${CACHE_RULES_PERMISSION} (${show(rules.detail)}).`
    case 'unread':
      return `The Cache Rules of zone ${show(zoneId)} could not be read: ${show(rules.detail)}.`
    case 'read': {
      if (rules.keys.length === 0)
        return `The Cache Rules of zone ${show(zoneId)} leave the cache key as it is.`
      const list = (names: readonly string[]) =>
        [
          ...names.slice(0, SHOWN_NAMES).map(show),
          ...(names.length > SHOWN_NAMES ? [`and ${names.length - SHOWN_NAMES} more`] : [])
        ].join(', ')
      const each = rules.keys.slice(0, SHOWN_RULES).map((k) => {
        const parts = [
          k.headers.length > 0 ? `header(s) ${list(k.headers)}` : '',
          k.cookies.length > 0 ? `cookie(s) ${list(k.cookies)}` : '',
          k.query === undefined
            ? ''
            : 'only' in k.query
              ? `only the query parameter(s) ${list(k.query.only) || '(none)'}`
              : `every query parameter but ${list(k.query.except)}`
        ].filter((p) => p !== '')
        return `${show(k.rule)} puts ${parts.join(', ')} in the key`
      })
      const more = rules.keys.length - each.length
      if (more > 0) each.push(`and ${more} more rule(s)`)
      return `The Cache Rules of zone ${show(zoneId)}: ${each.join('; ')}. A URL purge must carry the headers as {"url", "headers"} objects; a tag, prefix or host purge covers every variant.`
    }
  }
}

/** The section: a row per page that needs a word, and what each zone's Cache Rules say. */
export const doctorSection = (d: Diagnosis): Section | undefined => {
  const shown = problems(d)
  if (shown.length === 0 && d.rules.length === 0) return undefined
  const rows: Row[] = shown.map((page) => ({
    text: tableRow([
      cell(pageName(page)),
      cell(causeText(page)),
      page.did === undefined ? 'nothing' : cell(page.did.text),
      todoOf(d, page, cell)
    ]),
    rank: isStale(page) || page.broken.length > 0 ? 'unpurged' : 'check'
  }))
  const notes = d.rules.map((r) => rulesLine(r.zoneId, r.rules, code))
  if (d.assetsUnchecked > 0)
    notes.push(
      `${d.assetsUnchecked} referenced file(s) were not requested (at most 100 a run, within the timeout).`
    )
  return {
    heading: 'Why pages are not fresh',
    body:
      shown.length === 0
        ? 'Every checked page came back fresh.'
        : `${shown.length} page(s) needed a closer look.`,
    ...(shown.length === 0
      ? {}
      : {
          rows: {
            head: tableHead(['Page', 'Cause', 'What the action did', 'What to do']),
            rows,
            noun: 'page(s)',
            where: 'the log'
          }
        }),
    ...(notes.length === 0 ? {} : { after: notes.join('\n\n') })
  }
}

/** One line per page that needs a word, for the log: every outside character escaped. */
export const doctorLines = (d: Diagnosis): string[] =>
  problems(d).map(
    (page) =>
      `${escapeLine(pageName(page), 400)}: ${escapeLine(causeText(page), 600)}. Done: ${escapeLine(page.did?.text ?? 'nothing', 400)}. To do: ${escapeLine(
        todoOf(d, page, (t) => quote(t, 60)),
        600
      )}`
  )

/** What each zone's Cache Rules say, for the log: a refusal is one line naming the permission. */
export const rulesLogLines = (d: Diagnosis): string[] =>
  d.rules.map(({ zoneId, rules }) => rulesLine(zoneId, rules, (t) => quote(t, 100)))
