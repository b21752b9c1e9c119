/**
 * A fake of GitHub's REST API over real HTTP on 127.0.0.1: just the compare endpoint, paginated
 * the way GitHub documents it (commits by per_page, files 300 a page, at most 3,000 in all), with
 * a token check and injectable failures.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeFile {
  filename: string
  status: string
  previous_filename?: string
}

export interface Comparison {
  status: 'ahead' | 'behind' | 'diverged' | 'identical'
  files: FakeFile[]
  commits?: number
}

export interface FakeGitHubOptions {
  repository?: string
  token?: string
  /** By "base...head". */
  comparisons?: Record<string, Comparison>
  /** GitHub's documented rule for paginated calls: files only on page 1 (at most 300). */
  filesOnFirstPageOnly?: boolean
  /** Answers to give, in order, before the real ones: an HTTP status, or "reset" to drop the connection. */
  failures?: (number | 'reset')[]
  /** Pads every answer with this many bytes of patch text. */
  padding?: number
  /** Answers every request with this status and an error message that quotes the token it got. */
  echoToken?: number
}

export interface Logged {
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
}

export const FAKE_TOKEN = 'ghs_fakeGitHubToken0123456789abcdefghij'

export const startFakeGitHub = async (options: FakeGitHubOptions = {}) => {
  const repository = options.repository ?? 'acme/site'
  const token = options.token ?? FAKE_TOKEN
  const comparisons = options.comparisons ?? {}
  const failures = [...(options.failures ?? [])]
  const requests: Logged[] = []
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    requests.push({ path: url.pathname, query: url.searchParams, headers: request.headers })
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(JSON.stringify(body))
    }
    if (options.echoToken !== undefined)
      return send(options.echoToken, {
        message: `Bad credentials: ${String(request.headers.authorization)} is not allowed`,
        documentation_url: 'https://docs.github.com/rest'
      })
    const failure = failures.shift()
    if (failure === 'reset') return request.socket.destroy()
    if (failure !== undefined) return send(failure, { message: `Injected ${failure}` })
    if (request.headers.authorization !== `token ${token}`)
      return send(401, { message: 'Bad credentials' })
    // GitHub Enterprise Server serves the API under /api/v3.
    const match = /^(?:\/api\/v3)?\/repos\/([^/]+\/[^/]+)\/compare\/([^/]+)$/.exec(url.pathname)
    if (match === null || match[1] !== repository) return send(404, { message: 'Not Found' })
    const comparison = comparisons[decodeURIComponent(match[2]!)]
    if (comparison === undefined) return send(404, { message: 'Not Found' })
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 250), 100)
    const page = Number(url.searchParams.get('page') ?? 1)
    const commits = comparison.commits ?? 1
    const listed = comparison.files.slice(0, 3000)
    const pageFiles = options.filesOnFirstPageOnly
      ? page === 1
        ? listed.slice(0, 300)
        : []
      : listed.slice((page - 1) * 300, page * 300)
    const moreCommits = page * perPage < commits
    const moreFiles = !options.filesOnFirstPageOnly && page * 300 < listed.length
    const base = `http://${request.headers.host}${url.pathname}?per_page=${perPage}`
    const link: Record<string, string> =
      moreCommits || moreFiles
        ? { link: `<${base}&page=${page + 1}>; rel="next", <${base}&page=999>; rel="last"` }
        : {}
    send(
      200,
      {
        status: comparison.status,
        ahead_by: commits,
        behind_by: 0,
        total_commits: commits,
        commits: Array.from(
          { length: Math.max(0, Math.min(perPage, commits - (page - 1) * perPage)) },
          (_, i) => ({ sha: String((page - 1) * perPage + i).padStart(40, '0') })
        ),
        files: pageFiles.map((file) => ({
          sha: 'f'.repeat(40),
          additions: 1,
          deletions: 0,
          changes: 1,
          patch: 'x'.repeat(options.padding ?? 0),
          ...file
        }))
      },
      link
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    requests,
    comparisons,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>

export const sha = (n: number | string): string => String(n).repeat(40).slice(0, 40)
