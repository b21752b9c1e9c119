import { describe, expect, it } from '@jest/globals'
import type { Look, Waited } from '../../src/edge/gate.js'
import { amend } from '../../src/report/amend.js'
import { gateSection, reportNotLive } from '../../src/report/gate.js'
import { reportDryRun } from '../../src/report/dry-run.js'
import { renderSections } from '../../src/report/summary.js'
import { MARKUP, renderGfm } from '../__fixtures__/gfm.js'
import { planOf, runOf } from '../__fixtures__/helpers.js'

const context = { repository: 'acme/site', sha: 'a1b2c3d4e5', runUrl: undefined }

const look = (overrides: Partial<Look> = {}): Look => ({
  status: 200,
  foundIn: undefined,
  excerpt: '{"version": "old"}',
  error: undefined,
  bytes: 18,
  redirectedTo: undefined,
  refused: undefined,
  ...overrides
})

const waited: Waited[] = [
  {
    url: 'https://eu.example.com/v.json',
    found: true,
    polls: 4,
    tookMs: 4750,
    last: look({ foundIn: 'body' })
  },
  { url: 'https://us.example.com/v.json', found: false, polls: 70, tookMs: 600_000, last: look() },
  {
    url: 'https://ap.example.com/v.json',
    found: false,
    polls: 3,
    tookMs: 600_000,
    last: look({ status: undefined, error: 'no answer within 30 s', excerpt: '' })
  }
]

describe('the gate in the job summary', () => {
  it('has a row per URL: result, time, polls and what it last showed', () => {
    const section = gateSection(waited, 'a1b2c3d')
    expect(section.heading).toBe('Waited for the deploy')
    expect(section.body).toContain('Not live after 600 s: 3 URLs polled for `a1b2c3d`.')
    expect(section.body).toContain(
      '| `https://eu.example.com/v.json` | ✅ shows it in the body | 4.8 s | 4 | HTTP 200 `{"version": "old"}` |'
    )
    expect(section.body).toContain(
      '| `https://us.example.com/v.json` | ❌ not yet | 600 s | 70 | HTTP 200 `{"version": "old"}` |'
    )
    expect(section.body).toContain('| 3 | no answer: `no answer within 30 s` |')
  })

  it('renders what a hostile origin sent as text: no markup, no broken table', () => {
    const hostile = look({
      excerpt: '| x | <b>x</b> [a](https://evil) ![i](https://evil/i.png)\n# Heading `tick`',
      redirectedTo: 'https://evil.example/|<script>'
    })
    const section = gateSection([{ ...waited[1]!, last: hostile }], 'a1b2c3d')
    const html = renderGfm(renderSections([section], 3))
    expect(html).not.toMatch(MARKUP)
    // One table row per URL, five cells each: the pipes it sent did not make more.
    expect(html.match(/<td[ >]/g)).toHaveLength(5)
  })

  it('quotes a header name the text was found in as outside text: a pipe in it makes no cell', () => {
    const name = 'x-a|b`*c*|<b>x</b>'
    const section = gateSection(
      [{ ...waited[0]!, last: look({ foundIn: { header: name } }) }],
      'a1b2c3d'
    )
    expect(section.body).toContain('✅ shows it in the ``x-a\\|b`*c*\\|<b>x</b>`` header |')
    const html = renderGfm(renderSections([section], 3))
    expect(html).not.toMatch(MARKUP)
    expect(html.match(/<td[ >]/g)).toHaveLength(5)
    expect(html).toContain('<code>x-a|b`*c*|&lt;b&gt;x&lt;/b&gt;</code>')
  })

  it('names the target of a redirect not followed, and says how to wait for it', () => {
    const refused = look({
      status: 302,
      excerpt: '',
      refused: {
        to: 'https://evil.example/|<b>x</b>',
        why: 'is on another origin (scheme, host or port) than the URL named'
      }
    })
    const section = gateSection([{ ...waited[1]!, last: refused }], 'a1b2c3d')
    expect(section.body).toContain(
      '| HTTP 302 redirecting to `https://evil.example/\\|<b>x</b>`, which is on another origin (scheme, host or port) than the URL named: not followed |'
    )
    expect(section.body).toContain(
      'A redirect was not followed: a redirect is followed only within the origin named; to wait for what its target serves, name that URL in `wait_for_url`.'
    )
    const html = renderGfm(renderSections([section], 3))
    expect(html).not.toMatch(MARKUP)
    expect(html.match(/<td[ >]/g)).toHaveLength(5)
    expect(gateSection(waited, 'a1b2c3d').body).not.toContain('not followed')
  })

  it('stops the step with nothing purged, and marks a purge made anyway', () => {
    const plan = runOf(planOf({ files: ['https://www.example.com/'] }))
    const section = gateSection(waited, 'a1b2c3d')
    const stop = reportNotLive(plan, section, 'The deploy is not live', context)
    expect(stop.outputs.purged_count).toBe('0')
    expect(JSON.parse(stop.outputs.not_purged!)).toEqual([
      {
        kind: 'files',
        item: 'https://www.example.com/',
        reason: 'not sent',
        code: null,
        message: 'The deploy is not live'
      }
    ])
    expect(reportDryRun(plan, [], context).outputs.not_purged).toBe('[]')
    expect(stop.summary.status).toBe('failure')
    expect(stop.title).toBe('Deploy not live')
    expect(stop.summary.sections[0]).toBe(section)
    const ran = reportDryRun(plan, [], context)
    const anyway = { section, first: true, warning: true }
    expect(amend(ran, anyway).summary.status).toBe('dry-run')
    const ok = { ...ran, summary: { ...ran.summary, status: 'success' as const } }
    expect(amend(ok, anyway).summary.status).toBe('warning')
    expect(amend(ok, { section, first: true }).summary.status).toBe('success')
    expect(amend(ok, { section, first: true }).summary.sections[0]).toBe(section)
  })
})
