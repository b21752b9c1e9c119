/** Sitemaps: the XML reader, and indexes with gzip served over real HTTP and read from files. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
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
