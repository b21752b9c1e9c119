// @ts-check
/**
 * GitHub's compare API, `GET /repos/{owner}/{repo}/compare/{base}...{head}`, in the shapes of its
 * OpenAPI description (`commit-comparison`, `commit`, `diff-entry` in @octokit/openapi-types): the
 * commits of base..head in chronological order; the files that differ from the merge base to
 * head, with `status` (`added`, `modified`, `removed`, `renamed`...) and `previous_filename`;
 * `status` of the comparison `ahead`, `behind`, `diverged` or `identical`.
 *
 * Paginated as documented: with `per_page` (at most 100, 30 by default) or `page`, the commits a
 * page at a time with a Link header, and "the list of changed files is only shown on the first
 * page of results, and it includes up to 300 changed files for the entire comparison"
 * (`filesOnFirstPageOnly`, what the emulator does). Without them, the last 250 commits and up to
 * 3,000 files. The tests' fake lists 300 files a page on every page by default: a server the
 * action must cope with too.
 *
 * Where the comparisons come from is the caller's: a table by "base...head" (the tests), or a
 * local git repository (git.js, the emulator).
 *
 * @typedef {{ name?: string, email?: string, date?: string }} GitUser
 * @typedef {{ sha: string, message?: string, tree?: string, parents?: string[], author?: GitUser, committer?: GitUser }} FakeCommit
 * @typedef {{ filename: string, status: string, previous_filename?: string, additions?: number, deletions?: number, sha?: string | null }} FakeFile
 * @typedef {{ status: 'ahead' | 'behind' | 'diverged' | 'identical', files: FakeFile[], commits?: number | FakeCommit[], behind_by?: number, base?: FakeCommit, merge_base?: FakeCommit, head?: string }} Comparison
 *   `commits`: the commits of base..head in order, or how many there are (made-up SHAs); 1 by
 *   default. `base`, `merge_base` and `head` (a SHA): the commits compared, when known.
 * @typedef {(base: string, head: string) => Promise<Comparison | undefined>} CompareSource
 *   undefined: GitHub knows no such comparison (404)
 * @typedef {{ filesOnFirstPageOnly?: boolean, padding?: number, serverUrl?: string }} CompareOptions
 *   `padding`: a `patch` of this many bytes on every file; `serverUrl`: where `html_url`s point
 */

/**
 * What GitHub answers, with HTTP 404, for a comparison it cannot make: a commit, tag or branch it
 * does not know (the `not_found` response, schema `basic-error`, of `repos/compare-commits` in
 * @octokit/openapi-types; the message, link and status as github.com writes them).
 */
const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
  status: '404'
}

/** GitHub lists at most 3,000 files of a comparison, and 300 when the call is paginated. */
const MAX_FILES = 3000
const FILES_PER_PAGE = 300
/** Unpaginated, "the returned list is limited to 250 commits". */
const MAX_COMMITS = 250
const ZEROS = '0'.repeat(40)

/** A table of comparisons by "base...head", as the tests write them. @param {Record<string, Comparison>} table @returns {CompareSource} */
export const tableComparisons = (table) => async (base, head) => table[`${base}...${head}`]

/** A query parameter as a whole number of at least 1, else the default. @param {string | null} value @param {number} fallback */
const whole = (value, fallback) => {
  const n = Number.parseInt(value ?? '', 10)
  return Number.isSafeInteger(n) && n >= 1 ? n : fallback
}

/**
 * A commit in the shape of the schema `commit`. The GitHub users behind its author and committer
 * are not known locally: null, as GitHub gives for an email it cannot match.
 * @param {FakeCommit} c @param {string} api the repository's API URL @param {string} html its web URL
 */
const commitJson = (c, api, html) => ({
  sha: c.sha,
  node_id: `C_${c.sha}`,
  url: `${api}/commits/${c.sha}`,
  html_url: `${html}/commit/${c.sha}`,
  comments_url: `${api}/commits/${c.sha}/comments`,
  commit: {
    url: `${api}/git/commits/${c.sha}`,
    author: c.author ?? null,
    committer: c.committer ?? c.author ?? null,
    message: c.message ?? '',
    comment_count: 0,
    tree: { sha: c.tree ?? ZEROS, url: `${api}/git/trees/${c.tree ?? ZEROS}` }
  },
  author: null,
  committer: null,
  parents: (c.parents ?? []).map((sha) => ({
    sha,
    url: `${api}/commits/${sha}`,
    html_url: `${html}/commit/${sha}`
  }))
})

/** @param {FakeFile} file @param {string} head @param {string} api @param {string} html @param {CompareOptions} options */
const fileJson = (file, head, api, html, options) => {
  const additions = file.additions ?? 1
  const deletions = file.deletions ?? 0
  const path = file.filename.split('/').map(encodeURIComponent).join('/')
  return {
    sha: file.sha === undefined ? 'f'.repeat(40) : file.sha,
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${html}/blob/${head}/${path}`,
    raw_url: `${html}/raw/${head}/${path}`,
    contents_url: `${api}/contents/${path}?ref=${head}`,
    ...(options.padding === undefined ? {} : { patch: 'x'.repeat(options.padding) }),
    ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename })
  }
}

/** The same URL with `page` set, as GitHub's Link headers give it. @param {URL} url @param {string} base @param {number} n */
const pageUrl = (url, base, n) => {
  const link = new URL(`${base}${url.pathname.slice(url.pathname.indexOf('/repos/'))}`)
  for (const [key, value] of url.searchParams) if (key !== 'page') link.searchParams.set(key, value)
  link.searchParams.set('page', String(n))
  return link.href
}

/**
 * `next`, `last`, `first` and `prev`, as GitHub writes them.
 * @param {URL} url @param {string} base @param {number} page @param {number} last
 * @returns {Record<string, string>}
 */
export const linkHeader = (url, base, page, last) => {
  const links = [
    ...(page < last
      ? [
          `<${pageUrl(url, base, page + 1)}>; rel="next"`,
          `<${pageUrl(url, base, last)}>; rel="last"`
        ]
      : []),
    ...(page > 1
      ? [`<${pageUrl(url, base, 1)}>; rel="first"`, `<${pageUrl(url, base, page - 1)}>; rel="prev"`]
      : [])
  ]
  return links.length === 0 ? {} : { link: links.join(', ') }
}

/**
 * The commits and files of one page. @param {Comparison} comparison @param {URL} url
 * @param {CompareOptions} options
 */
const pageOf = (comparison, url, options) => {
  const count = comparison.commits ?? 1
  const commits =
    typeof count === 'number'
      ? Array.from({ length: count }, (_, i) => ({ sha: String(i).padStart(40, '0') }))
      : count
  const files = comparison.files.slice(0, MAX_FILES)
  const query = url.searchParams
  if (!query.has('per_page') && !query.has('page'))
    return { commits: commits.slice(-MAX_COMMITS), files, page: 1, last: 1, total: commits.length }
  const perPage = Math.min(whole(query.get('per_page'), 30), 100)
  const page = whole(query.get('page'), 1)
  const firstOnly = options.filesOnFirstPageOnly === true
  const pageFiles = firstOnly
    ? page === 1
      ? files.slice(0, FILES_PER_PAGE)
      : []
    : files.slice((page - 1) * FILES_PER_PAGE, page * FILES_PER_PAGE)
  const last = Math.max(
    1,
    Math.ceil(commits.length / perPage),
    firstOnly ? 1 : Math.ceil(files.length / FILES_PER_PAGE)
  )
  return {
    commits: commits.slice((page - 1) * perPage, page * perPage),
    files: pageFiles,
    page,
    last,
    total: commits.length
  }
}

/**
 * The compare route, its comparisons from `source`.
 * @param {CompareSource} source @param {CompareOptions} [options]
 * @returns {import('./github.js').RouteModule}
 */
export const compareRoutes = (source, options = {}) => ({
  routes: [
    {
      method: 'GET',
      path: /^\/compare\/([^/]+)$/,
      answer: async ({ url, match, base, repository }) => {
        const parts = decodeURIComponent(match[1] ?? '').split('...')
        if (parts.length !== 2 || parts[0] === '' || parts[1] === '')
          return { status: 404, body: NOT_FOUND }
        const [from, to] = /** @type {[string, string]} */ (parts)
        const comparison = await source(from, to)
        if (comparison === undefined) return { status: 404, body: NOT_FOUND }
        const api = `${base}/repos/${repository}`
        const html = `${options.serverUrl ?? 'https://github.com'}/${repository}`
        const { commits, files, page, last, total } = pageOf(comparison, url, options)
        const head = comparison.head ?? to
        const baseCommit = comparison.base ?? { sha: /^[0-9a-f]{40}$/.test(from) ? from : ZEROS }
        return {
          status: 200,
          body: {
            url: `${api}/compare/${from}...${to}`,
            html_url: `${html}/compare/${from}...${to}`,
            permalink_url: `${html}/compare/${baseCommit.sha}...${head}`,
            diff_url: `${html}/compare/${from}...${to}.diff`,
            patch_url: `${html}/compare/${from}...${to}.patch`,
            base_commit: commitJson(baseCommit, api, html),
            merge_base_commit: commitJson(comparison.merge_base ?? baseCommit, api, html),
            status: comparison.status,
            ahead_by: total,
            behind_by: comparison.behind_by ?? 0,
            total_commits: total,
            commits: commits.map((c) => commitJson(c, api, html)),
            files: files.map((f) => fileJson(f, head, api, html, options))
          },
          headers: linkHeader(url, base, page, last)
        }
      }
    }
  ]
})
