/** Sitemaps: the XML reader, and indexes with gzip served over real HTTP and read from files. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  parseSitemap,
  readSitemaps,
  sitemapText,
  type SitemapOptions
} from '../../src/sources/sitemap.js'
import fc from 'fast-check'
import { hostileApi, type Hostile } from '../__fixtures__/hostile.js'
import { referenceParseSitemap } from '../__fixtures__/sitemap-reference.js'
import { FakeClock } from '../__fixtures__/sim.js'

const urlset = (...urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `  <url><loc>${u}</loc><lastmod>2024-01-01</lastmod></url>`).join('\n')}\n</urlset>\n`
const index = (...urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `  <sitemap><loc>${u}</loc></sitemap>`).join('\n')}\n</sitemapindex>\n`

describe('parseSitemap', () => {
  it('reads the <loc> of each <url>, and of each <sitemap> in an index', () => {
    expect(parseSitemap(urlset('https://a.example/', 'https://a.example/b'))).toEqual({
      kind: 'urlset',
      locs: ['https://a.example/', 'https://a.example/b']
    })
    expect(parseSitemap(index('https://a.example/s1.xml'))).toEqual({
      kind: 'sitemapindex',
      locs: ['https://a.example/s1.xml']
    })
  })

  it('decodes entities and CDATA, skips comments, images and other namespaces', () => {
    const xml = `\uFEFF<?xml version="1.0"?>
<!-- <url><loc>https://a.example/commented</loc></url> -->
<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <sm:url>
    <sm:loc> https://a.example/?a=1&amp;b=&#50;&#x33; </sm:loc>
    <image:image><image:loc>https://a.example/img.png</image:loc></image:image>
  </sm:url>
  <sm:url><sm:loc><![CDATA[https://a.example/c?x=<1>]]></sm:loc></sm:url>
  <sm:url/>
</sm:urlset>`
    expect(parseSitemap(xml)).toEqual({
      kind: 'urlset',
      locs: ['https://a.example/?a=1&b=23', 'https://a.example/c?x=<1>']
    })
  })

  it('refuses DTDs, other documents, bad entities and cut-short files', () => {
    const refused = (xml: string) => {
      const parsed = parseSitemap(xml)
      return 'problem' in parsed ? parsed.problem : 'accepted'
    }
    expect(
      refused(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><urlset><url><loc>&lol;</loc></url></urlset>'
      )
    ).toContain('DOCTYPE')
    expect(refused('<html><body>Not found</body></html>')).toContain('is not a sitemap')
    expect(refused('<urlset><url><loc>https://a.example/?a&b</loc></url></urlset>')).toContain(
      'bare "&"'
    )
    expect(refused(urlset('https://a.example/').slice(0, 120))).toContain('cut short')
    expect(refused('<urlset><url><loc>x</url></loc></urlset>')).toContain('not well-formed')
    expect(refused('<urlset></urlset><urlset></urlset>')).toContain('more than one root')
    expect(refused('')).toContain('is empty')
    expect(refused('<urlset><url><loc>a < b</loc></url></urlset>')).toContain('stray')
    expect(refused(`<urlset><url><loc>${'x'.repeat(9000)}</loc></url></urlset>`)).toContain(
      'longer than'
    )
    expect(parseSitemap(urlset('https://a.example/1', 'https://a.example/2'), 1)).toEqual({
      problem: 'lists more than 1 URLs'
    })
  })

  it('answers as the parser it replaced, on any text made of sitemap pieces (property)', () => {
    const piece = fc.constantFrom(
      '<urlset>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      '</urlset>',
      '<url>',
      '</url>',
      '<loc>',
      '</loc>',
      '<loc/>',
      '<sitemapindex>',
      '</sitemapindex>',
      '<sitemap>',
      '</sitemap>',
      '<ns:urlset>',
      '</ns:urlset>',
      '<ns:url>',
      '</ns:url>',
      '<ns:loc>',
      '</ns:loc>',
      '<lastmod>',
      '</lastmod>',
      '<x a="1>">',
      "<x b='2'/>",
      '<x\ta="1">',
      '</x>',
      '<!-- a <loc> -->',
      '<![CDATA[https://a.example/?a=1&b=2]]>',
      '<?xml version="1.0"?>',
      '<!DOCTYPE urlset>',
      'https://a.example/',
      'https://a.example/p?a=1&amp;b=&#x32;',
      '&lt;',
      '&bogus;',
      '&',
      '&#xD800;',
      '<',
      '>',
      ' ',
      '\n  ',
      'text',
      '\uFEFF',
      '</ loc>',
      '<1x>',
      '<a[>',
      '<[x>',
      '<Z_a.b-c:9>',
      '</Z_a.b-c:9>',
      '<é>',
      '<url >',
      '</url\t>',
      '<@>'
    )
    const document = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''))
    // Mostly well-formed sitemaps, with a piece put anywhere.
    const near = fc
      .tuple(
        fc.array(fc.constantFrom('https://a.example/', 'x&amp;y', ' https://b/ '), {
          maxLength: 6
        }),
        piece,
        fc.nat()
      )
      .map(([urls, extra, at]) => {
        const text = urlset(...urls)
        const cut = at % (text.length + 1)
        return `${text.slice(0, cut)}${extra}${text.slice(cut)}`
      })
    fc.assert(
      fc.property(fc.oneof(document, near), fc.integer({ min: 0, max: 4 }), (text, most) => {
        expect(parseSitemap(text, most)).toEqual(referenceParseSitemap(text, most))
        expect(parseSitemap(text)).toEqual(referenceParseSitemap(text))
      }),
      { numRuns: 20_000 }
    )
  })

  it('inflates gzip, within a bound', () => {
    expect(sitemapText(gzipSync(urlset('https://a.example/')))).toEqual({
      text: urlset('https://a.example/')
    })
    expect(sitemapText(gzipSync(Buffer.alloc(65 * 1024 * 1024)))).toEqual({
      problem: 'inflates to more than 64 MiB'
    })
    expect(sitemapText(gzipSync('<urlset/>').subarray(0, 10))).toEqual({
      problem: expect.stringContaining('cannot be inflated')
    })
    expect(sitemapText(Buffer.from([0xff, 0xfe, 0x3c]))).toEqual({ problem: 'is not UTF-8 text' })
  })
})

describe('readSitemaps', () => {
  let server: Server
  let other: Server
  let origin = ''
  let otherOrigin = ''
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sitemap-')))
  const options = (): SitemapOptions => ({
    roots: [dir],
    userAgent: 'test-agent',
    requestTimeoutMs: 5000,
    deadline: Date.now() + 20_000
  })
  const agents: string[] = []

  beforeAll(async () => {
    const listen = async (s: Server) => {
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
    }
    server = createServer((request, response) => {
      agents.push(String(request.headers['user-agent']))
      const pages: Record<string, () => void> = {
        '/sitemap_index.xml': () =>
          response.end(
            index(`${origin}/pages.xml`, `${origin}/posts.xml.gz`, `${origin}/tags.xml`)
          ),
        '/pages.xml': () =>
          response.end(urlset('https://www.example.com/', 'https://www.example.com/about/')),
        '/posts.xml.gz': () => {
          response.writeHead(200, { 'content-type': 'application/gzip' })
          response.end(gzipSync(urlset('https://www.example.com/posts/1')))
        },
        '/tags.xml': () => {
          response.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' })
          response.end(gzipSync(urlset('https://www.example.com/tags/a#top')))
        },
        '/cross.xml': () => response.end(index(`${otherOrigin}/pages.xml`)),
        '/loop.xml': () => response.end(index(`${origin}/loop.xml`, `${origin}/pages.xml`)),
        '/bad.xml': () =>
          response.end(urlset('https://www.example.com/ok', 'www.example.com/no-scheme'))
      }
      const page = pages[request.url ?? '']
      if (page === undefined) {
        response.writeHead(404)
        response.end('Not found')
      } else page()
    })
    other = createServer((_, response) => response.end(urlset('https://evil.example/')))
    origin = await listen(server)
    otherOrigin = await listen(other)
  })
  afterAll(async () => {
    server.closeAllConnections()
    other.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await new Promise((resolve) => other.close(resolve))
  })

  const EXPECTED = [
    'https://www.example.com/',
    'https://www.example.com/about/',
    'https://www.example.com/posts/1',
    'https://www.example.com/tags/a'
  ]

  it('follows an index served over HTTP to its sitemaps, gzip ones included', async () => {
    const read = await readSitemaps(`${origin}/sitemap_index.xml`, options())
    expect(read.urls).toEqual(EXPECTED)
    expect(read.documents).toHaveLength(4)
    expect(agents).toContain('test-agent')
  })

  it('reads an index from a gzip file in the workspace, and follows it over HTTP', async () => {
    const file = join(dir, 'sitemap.xml.gz')
    writeFileSync(
      file,
      gzipSync(index(`${origin}/pages.xml`, `${origin}/posts.xml.gz`, `${origin}/tags.xml`))
    )
    expect((await readSitemaps(file, options())).urls).toEqual(EXPECTED)
    const plain = join(dir, 'urls.xml')
    writeFileSync(plain, urlset('https://www.example.com/x'))
    expect(await readSitemaps(plain, options())).toEqual({
      urls: ['https://www.example.com/x'],
      documents: [plain]
    })
  })

  it('reads each sitemap once, even when an index lists itself', async () => {
    const read = await readSitemaps(`${origin}/loop.xml`, options())
    expect(read.urls).toEqual(EXPECTED.slice(0, 2))
    expect(read.documents).toHaveLength(2)
  })

  it('follows an index from a URL only to sitemaps of its own origin', async () => {
    await expect(readSitemaps(`${origin}/cross.xml`, options())).rejects.toThrow(
      /is not on "http:\/\/127\.0\.0\.1:\d+", the origin of the index/
    )
  })

  it('fails, naming the sitemap, on a 404, a bad entry, a file outside the workspace', async () => {
    await expect(readSitemaps(`${origin}/missing.xml`, options())).rejects.toThrow(
      /Sitemap ".*\/missing\.xml" answered HTTP 404, not 200/
    )
    await expect(readSitemaps(`${origin}/bad.xml`, options())).rejects.toThrow(
      /<loc> 2 "www\.example\.com\/no-scheme" must be a full URL/
    )
    await expect(readSitemaps('/etc/passwd', options())).rejects.toThrow(
      /is outside the workspace.*sitemap reads only/
    )
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'from_file-')))
    writeFileSync(join(elsewhere, 'from_file.xml'), urlset('https://www.example.com/'))
    await expect(readSitemaps(join(elsewhere, 'from_file.xml'), options())).rejects.toThrow(
      `it resolves to "${join(elsewhere, 'from_file.xml')}", and sitemap reads only files under`
    )
    await expect(readSitemaps('ftp://x.example/s.xml', options())).rejects.toThrow(
      'must be a file in the workspace or an http:// or https:// URL'
    )
  })
})

/**
 * A site that misbehaves on purpose, answering each request from a script: transient failures,
 * waits asked for, redirects across origins. Time is a fake clock, so backoff costs nothing.
 */
describe('readSitemaps on a flaky or hostile site', () => {
  type Answer = (res: ServerResponse, req: IncomingMessage) => void
  const status =
    (code: number, headers: Record<string, string> = {}): Answer =>
    (res) => {
      res.writeHead(code, headers)
      res.end('<html>Service unavailable</html>')
    }
  const body =
    (xml: string): Answer =>
    (res) => {
      res.writeHead(200, { 'content-type': 'application/xml' })
      res.end(xml)
    }
  const redirect =
    (location: string, code = 301): Answer =>
    (res) => {
      res.writeHead(code, { location })
      res.end()
    }
  const reset: Answer = (_, req) => req.socket.destroy()
  const silent: Answer = () => undefined

  /** A server whose answers to each path are taken in turn; the last one repeats. */
  const site = async (script: Record<string, Answer[]>) => {
    const served: Record<string, Answer[]> = { ...script }
    const server = await hostileApi((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      const answers = served[path]
      if (answers === undefined) return status(404)(res, req)
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!
      answer(res, req)
    })
    return { ...server, origin: new URL(server.apiUrl).origin, script: served }
  }
  const sites: Hostile[] = []
  afterEach(async () => {
    await Promise.all(sites.splice(0).map((s) => s.close()))
  })
  const open = async (script: Record<string, Answer[]>) => {
    const opened = await site(script)
    sites.push(opened)
    return opened
  }
  const PAGE = urlset('https://www.example.com/')
  const clocked = (extra: Partial<SitemapOptions> = {}) => {
    const clock = new FakeClock()
    const options = {
      roots: [],
      userAgent: 'test-agent',
      requestTimeoutMs: 5000,
      deadline: 600_000,
      clock,
      // The longest wait backoff allows, every time: the fake clock says exactly how long it waited.
      random: () => 1,
      ...extra
    } as SitemapOptions
    return {
      clock,
      read: (source: string) => clock.run(readSitemaps(source, options))
    }
  }
  const refusal = async (work: Promise<unknown>): Promise<string> => {
    try {
      await work
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('it was read')
  }

  it('tries again after a 503, a 500 and a 408, backing off, then reads it', async () => {
    const s = await open({ '/sitemap.xml': [status(503), status(500), status(408), body(PAGE)] })
    const { clock, read } = clocked()
    expect((await read(`${s.origin}/sitemap.xml`)).urls).toEqual(['https://www.example.com/'])
    expect(s.requests).toHaveLength(4)
    // 0.5 s, 1 s and 2 s: the API client's backoff.
    expect(clock.now()).toBe(3500)
  })

  it('tries again after a connection reset and a request that never answers', async () => {
    const s = await open({ '/sitemap.xml': [reset, silent, body(PAGE)] })
    const { read } = clocked({ requestTimeoutMs: 500 })
    expect((await read(`${s.origin}/sitemap.xml`)).urls).toEqual(['https://www.example.com/'])
    expect(s.requests.length).toBeGreaterThanOrEqual(2)
  })

  it("waits as long as Retry-After asks, but never less than backoff's floor", async () => {
    const s = await open({
      '/a.xml': [status(503, { 'retry-after': '7' }), body(PAGE)],
      '/b.xml': [status(429, { 'retry-after': '0' }), body(PAGE)]
    })
    const a = clocked()
    await a.read(`${s.origin}/a.xml`)
    expect(a.clock.now()).toBe(7000)
    const b = clocked()
    await b.read(`${s.origin}/b.xml`)
    expect(b.clock.now()).toBe(500)
  })

  it('fails at once when Retry-After asks for longer than a sitemap is waited for', async () => {
    const s = await open({ '/sitemap.xml': [status(429, { 'retry-after': '3600' })] })
    const { clock, read } = clocked()
    expect(await refusal(read(`${s.origin}/sitemap.xml`))).toMatch(
      /^Sitemap "http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml" answered HTTP 429, not 200, and asked to wait 3600 s, longer than the 30 s a sitemap is waited for$/
    )
    expect(s.requests).toHaveLength(1)
    expect(clock.now()).toBe(0)
  })

  it('gives up after four attempts, saying how many', async () => {
    const s = await open({ '/sitemap.xml': [status(503)] })
    const { read } = clocked()
    expect(await refusal(read(`${s.origin}/sitemap.xml`))).toMatch(
      /^Sitemap ".*\/sitemap\.xml" answered HTTP 503, not 200 \(4 attempts\)$/
    )
    expect(s.requests).toHaveLength(4)
  })

  it('does not try a 404 again', async () => {
    const s = await open({})
    const { read } = clocked()
    expect(await refusal(read(`${s.origin}/sitemap.xml`))).toMatch(/answered HTTP 404, not 200$/)
    expect(s.requests).toHaveLength(1)
  })

  it("stops trying when the step's timeout leaves no time for the next wait", async () => {
    const s = await open({ '/sitemap.xml': [status(503)] })
    const { clock, read } = clocked({ deadline: 1200 })
    expect(await refusal(read(`${s.origin}/sitemap.xml`))).toMatch(
      /answered HTTP 503, not 200 \(2 attempts; the step's timeout leaves no time for another\)$/
    )
    expect(s.requests).toHaveLength(2)
    expect(clock.now()).toBe(500)
  })

  it('checks index entries against the origin the index was served from, after redirects', async () => {
    const www = await open({})
    const apex = await open({ '/sitemap_index.xml': [redirect(`${www.origin}/sitemap_index.xml`)] })
    www.script['/sitemap_index.xml'] = [body(index(`${www.origin}/pages.xml`))]
    www.script['/pages.xml'] = [body(PAGE)]
    const read = await clocked().read(`${apex.origin}/sitemap_index.xml`)
    expect(read.urls).toEqual(['https://www.example.com/'])
  })

  it('refuses a sitemap an index lists that redirects to another origin', async () => {
    const elsewhere = await open({ '/pages.xml': [body(urlset('https://evil.example/'))] })
    const s = await open({ '/moved.xml': [redirect(`${elsewhere.origin}/pages.xml`, 302)] })
    s.script['/sitemap_index.xml'] = [body(index(`${s.origin}/moved.xml`))]
    expect(await refusal(clocked().read(`${s.origin}/sitemap_index.xml`))).toMatch(
      /^Sitemap "http:\/\/127\.0\.0\.1:\d+\/moved\.xml" redirects to "http:\/\/127\.0\.0\.1:\d+\/pages\.xml", which is not on "http:\/\/127\.0\.0\.1:\d+", the origin of the index that lists it: refused$/
    )
    expect(elsewhere.requests).toHaveLength(0)
  })

  it("refuses a redirect to a local host other than the one asked for (the gate's policy too)", async () => {
    const elsewhere = await open({ '/pages.xml': [body(PAGE)] })
    const port = new URL(elsewhere.origin).port
    const s = await open({
      '/metadata.xml': [redirect('http://169.254.169.254/latest/meta-data/')],
      '/local.xml': [redirect(`http://localhost:${port}/pages.xml`)],
      '/same-host.xml': [redirect(`http://127.0.0.1:${port}/pages.xml`)]
    })
    expect(await refusal(clocked().read(`${s.origin}/metadata.xml`))).toMatch(
      /^Sitemap ".*\/metadata\.xml" redirects to "http:\/\/169\.254\.169\.254\/latest\/meta-data\/", which points to a link-local host \(where clouds serve instance metadata\): refused$/
    )
    expect(await refusal(clocked().read(`${s.origin}/local.xml`))).toMatch(
      /redirects to "http:\/\/localhost:\d+\/pages\.xml", which points to a loopback host \(this machine\): refused$/
    )
    expect(elsewhere.requests).toHaveLength(0)
    // The host asked for is the user's: another port of it is followed, as before.
    expect((await clocked().read(`${s.origin}/same-host.xml`)).urls).toEqual([
      'https://www.example.com/'
    ])
  })

  it('follows at most five redirects', async () => {
    const s = await open({})
    for (let i = 0; i < 6; i++) s.script[`/${i}.xml`] = [redirect(`${s.origin}/${i + 1}.xml`, 307)]
    s.script['/6.xml'] = [body(PAGE)]
    expect((await clocked().read(`${s.origin}/1.xml`)).urls).toEqual(['https://www.example.com/'])
    expect(await refusal(clocked().read(`${s.origin}/0.xml`))).toMatch(
      /^Sitemap ".*\/0\.xml" redirects more than 5 times$/
    )
  })

  it('never shows a password: not of the sitemap, of a redirect or of an index entry', async () => {
    const s = await open({ '/sitemap.xml': [status(503)] })
    const port = new URL(s.origin).port
    s.script['/to-credentials.xml'] = [redirect(`http://user:PASS@127.0.0.1:${port}/sitemap.xml`)]
    s.script['/index.xml'] = [body(index(`http://user:PASS@127.0.0.1:${port}/sitemap.xml`))]
    const messages = [
      await refusal(clocked().read(`http://user:PASS@127.0.0.1:${port}/sitemap.xml`)),
      await refusal(clocked().read(`http://:PASS@127.0.0.1:${port}/sitemap.xml`)),
      await refusal(clocked().read(`${s.origin}/to-credentials.xml`)),
      await refusal(clocked().read(`${s.origin}/index.xml`))
    ]
    for (const message of messages) expect(message).not.toContain('PASS')
    expect(messages[0]).toMatch(
      /^Sitemap "http:\/\/\*\*\*@127\.0\.0\.1:\d+\/sitemap\.xml" has a user name or password in its URL; the action sends none to a sitemap, so it is not read$/
    )
    expect(messages[2]).toMatch(
      /redirects to "http:\/\/\*\*\*@127\.0\.0\.1:\d+\/sitemap\.xml", which has a user name or password: refused$/
    )
  })
})
