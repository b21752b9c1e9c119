// @ts-check
/**
 * The outside services `npm run bench` runs the action against, besides the Cloudflare emulator:
 * a bare edge for warming (the emulator's edge looks up every purge for every page, far too
 * slow for 100,000 pages), a site that serves one sitemap, and a GitHub that answers the
 * compare API and the Actions runs API as GitHub documents them (files 300 a page, Link
 * headers), with as many files, and runs as large, as a scenario asks. The tests' fake
 * (__tests__/__fixtures__/fake-github.ts) has far more, and is TypeScript: the bench runs on
 * plain Node.
 */
import { createServer } from 'node:http'

/**
 * A server on 127.0.0.1 answering with `handle`; closes with every connection.
 * @param {(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, url: URL) => void} handle
 */
const serve = async (handle) => {
  const server = createServer((request, response) =>
    handle(request, response, new URL(request.url ?? '/', `http://${request.headers.host}`))
  )
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve(undefined))
      })
  }
}

/** An edge that answers every page with a small body, a MISS, at once. */
export const startEdge = () =>
  serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'cf-cache-status': 'MISS' })
    response.end('<!doctype html><title>page</title>')
  })

/** A site whose /sitemap.xml lists `urls`. @param {string[]} urls */
export const startSitemapSite = (urls) => {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
      .map((url) => `  <url><loc>${url}</loc><lastmod>2026-01-01</lastmod></url>`)
      .join('\n')}\n</urlset>\n`
  )
  return serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length })
    response.end(body)
  })
}

export const REPOSITORY = 'acme/site'
export const GITHUB_TOKEN = 'ghs_benchGitHubToken0123456789abcdefghij'
export const BEFORE = '1'.repeat(40)
export const AFTER = '3'.repeat(40)

/**
 * A workflow run as GitHub lists it, at the commit deployed (so that last-success skips it and
 * reads on), its head commit's message `padding` bytes long.
 * @param {number} id @param {number} padding
 */
const runJson = (id, padding) => ({
  id,
  name: 'Deploy',
  head_branch: 'main',
  head_sha: AFTER,
  run_number: id,
  event: 'push',
  status: 'completed',
  conclusion: 'success',
  workflow_id: 1,
  html_url: `https://github.com/${REPOSITORY}/actions/runs/${id}`,
  head_commit: { id: AFTER, message: 'x'.repeat(padding) }
})

/**
 * @param {{ files?: string[], runPages?: number, runsPerPage?: number, pageBytes?: number }} options
 *   `files`: what the compare API lists between BEFORE and AFTER; the runs list has `runPages`
 *   pages of `runsPerPage` runs (whatever per_page asks), each page about `pageBytes` long.
 */
export const startGitHub = ({ files = [], runPages = 0, runsPerPage = 20, pageBytes = 0 }) => {
  /** @type {{ path: string, bytes: number }[]} */
  const requests = []
  const padding = Math.max(0, Math.floor(pageBytes / runsPerPage) - 400)
  const github = serve((request, response, url) => {
    /** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
    const send = (status, body, headers = {}) => {
      const text = JSON.stringify(body)
      requests.push({ path: url.pathname, bytes: text.length })
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(text)
    }
    if (request.headers.authorization !== `token ${GITHUB_TOKEN}`)
      return send(401, { message: 'Bad credentials' })
    const page = Number(url.searchParams.get('page') ?? 1)
    /** @type {(last: number) => Record<string, string>} */
    const next = (last) =>
      page < last ? { link: `<${url.origin}${url.pathname}?page=${page + 1}>; rel="next"` } : {}
    if (url.pathname === `/repos/${REPOSITORY}/compare/${BEFORE}...${AFTER}`) {
      const listed = files.slice((page - 1) * 300, page * 300)
      return send(
        200,
        {
          status: 'ahead',
          ahead_by: 1,
          behind_by: 0,
          total_commits: 1,
          commits: page === 1 ? [{ sha: AFTER }] : [],
          files: listed.map((filename) => ({ filename, status: 'modified', sha: 'f'.repeat(40) }))
        },
        next(Math.ceil(files.length / 300))
      )
    }
    if (url.pathname === `/repos/${REPOSITORY}/actions/runs/100`)
      return send(200, { ...runJson(100, 0), status: 'in_progress', conclusion: null })
    if (url.pathname === `/repos/${REPOSITORY}/actions/workflows/1/runs`) {
      const runs = Array.from({ length: runsPerPage }, (_, i) =>
        runJson(90_000 - page * runsPerPage - i, padding)
      )
      return send(200, { total_count: runPages * runsPerPage, workflow_runs: runs }, next(runPages))
    }
    send(404, { message: 'Not Found' })
  })
  return github.then((server) => ({ ...server, requests }))
}

/**
 * The variables the runner gives a step of a push from BEFORE to AFTER on main, as this GitHub
 * knows it. @param {string} apiUrl @param {string} eventPath a file to write the payload to
 */
export const pushEnv = (apiUrl, eventPath) => ({
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_REPOSITORY: REPOSITORY,
  GITHUB_SHA: AFTER,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '100',
  GITHUB_API_URL: apiUrl,
  GITHUB_SERVER_URL: 'https://github.com'
})

export const PUSH_PAYLOAD = JSON.stringify({
  ref: 'refs/heads/main',
  before: BEFORE,
  after: AFTER,
  forced: false,
  created: false,
  deleted: false
})
