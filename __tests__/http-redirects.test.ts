/** The one redirect policy (http.ts), for the sitemap download and the deploy gate alike. */
import { describe, expect, it } from '@jest/globals'
import { redirectProblem, type RedirectPolicy } from '../src/http.js'

const url = (text: string) => new URL(text)
const ANYWHERE: RedirectPolicy = { named: new Set() }
const problem = (from: string, to: string, policy = ANYWHERE) =>
  redirectProblem(url(from), url(to), policy)

describe('redirectProblem', () => {
  it('refuses a step down from https to http, and a scheme that is not http(s)', () => {
    expect(problem('https://a.example/s.xml', 'http://a.example/s.xml')).toBe(
      'steps down from https to plain http'
    )
    expect(problem('https://a.example/s.xml', 'ftp://a.example/s.xml')).toBe(
      'is not an http(s) URL'
    )
    expect(problem('http://a.example/', 'file:///etc/passwd')).toBe('is not an http(s) URL')
    expect(problem('http://a.example/s.xml', 'https://a.example/s.xml')).toBe(undefined)
  })

  it('refuses a user name or password', () => {
    expect(problem('https://a.example/', 'https://u:p@a.example/')).toBe(
      'has a user name or password'
    )
  })

  it.each([
    ['http://localhost:8080/', 'a loopback host (this machine)'],
    ['http://0.0.0.0/', 'an unspecified address (0.0.0.0 or ::, which reaches this machine)'],
    ['http://127.1/', 'a loopback host (this machine)'],
    ['http://0x7f.1/', 'a loopback host (this machine)'],
    ['http://2130706433/', 'a loopback host (this machine)'],
    ['http://[::ffff:127.0.0.1]/', 'a loopback host (this machine)'],
    ['http://[::1]/', 'a loopback host (this machine)'],
    [
      'http://169.254.169.254/latest/meta-data/',
      'a link-local host (where clouds serve instance metadata)'
    ],
    ['http://10.0.0.1/', 'a host on a private network'],
    ['http://app.localhost/', 'a loopback host (this machine)']
  ])('refuses a redirect to %s, a host no input names', (to, words) => {
    expect(problem('http://www.example.com/', to)).toBe(`points to ${words}`)
  })

  it('takes a local host the user named, and only that very host', () => {
    const named: RedirectPolicy = { named: new Set(['127.0.0.1']) }
    expect(problem('http://127.0.0.1:3000/', 'http://127.0.0.1:4000/v', named)).toBe(undefined)
    expect(problem('http://127.0.0.1:3000/', 'http://localhost:3000/v', named)).toBe(
      'points to a loopback host (this machine)'
    )
    expect(problem('http://127.0.0.1:3000/', 'http://127.0.0.2:3000/v', named)).toBe(
      'points to a loopback host (this machine)'
    )
  })

  it('keeps to an origin when given one: scheme, host and port', () => {
    const policy: RedirectPolicy = {
      named: new Set(),
      origin: { origin: 'https://www.example.com', offOrigin: 'leaves the origin' }
    }
    expect(problem('https://www.example.com/', 'https://www.example.com/v2', policy)).toBe(
      undefined
    )
    for (const to of [
      'https://example.com/',
      'https://www.example.com:8443/',
      'https://www.example.com./',
      'https://evil.example/'
    ])
      expect([to, problem('https://www.example.com/', to, policy)]).toEqual([
        to,
        'leaves the origin'
      ])
  })
})
