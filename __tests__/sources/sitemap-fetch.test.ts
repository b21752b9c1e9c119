/** One sitemap download: which redirect hops are refused. */
import { describe, expect, it } from '@jest/globals'
import { redirectProblem } from '../../src/sources/sitemap-fetch.js'

describe('redirectProblem', () => {
  const url = (text: string) => new URL(text)
  it('refuses a step down from https to http, and a scheme that is not http(s)', () => {
    expect(redirectProblem(url('https://a.example/s.xml'), url('http://a.example/s.xml'))).toBe(
      'redirects from https to "http://a.example/s.xml": refused'
    )
    expect(redirectProblem(url('https://a.example/s.xml'), url('ftp://a.example/s.xml'))).toBe(
      'redirects to "ftp://a.example/s.xml", which is not an http(s) URL: refused'
    )
    expect(redirectProblem(url('http://a.example/s.xml'), url('https://a.example/s.xml'))).toBe(
      undefined
    )
  })
})
